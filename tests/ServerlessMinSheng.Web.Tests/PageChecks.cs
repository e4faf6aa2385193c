using System.Text.Json;

namespace ServerlessMinSheng.Web.Tests;

/// <summary>
/// What every page must pass: axe-core finds no serious or critical violation, the page fits a 360 px
/// phone without sideways scrolling, and the browser reports no Content-Security-Policy violation. A
/// failing test leaves a 360 px screenshot in test-output/screenshots/.
/// </summary>
public static class PageChecks
{
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(RepositoryPaths.Combine("node_modules", "axe-core", "axe.min.js")));

    public static async Task RunAsync(IBrowser browser, string name, Func<IPage, Task> test, int width = 1280)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };
        try
        {
            await test(page);
            Assert.True(cspViolations.Count == 0, "CSP violations: " + string.Join("\n", cspViolations));
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            await ScreenshotAsync(page, name);
            throw new InvalidOperationException($"{name} failed on {page.Url}: {ex.Message}", ex);
        }
        catch
        {
            await ScreenshotAsync(page, name);
            throw;
        }
    }

    public static async Task AssertAccessibleAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }

        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        var list = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(list.Count == 0, $"axe on {page.Url}:\n{string.Join("\n", list)}");
    }

    /// <summary>Checks the current page at 360 px: nothing may force sideways scrolling of the page itself.</summary>
    public static async Task AssertFitsPhoneAsync(IPage page)
    {
        var original = page.ViewportSize;
        await page.SetViewportSizeAsync(360, 740);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }

        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than a 360px screen");
    }

    public static async Task AssertPageAsync(IPage page)
    {
        await AssertAccessibleAsync(page);
        await AssertFitsPhoneAsync(page);
        if (Environment.GetEnvironmentVariable("WEB_TEST_SCREENSHOTS") == "1")
        {
            // For looking at the pages as a person would: every checked page, at 360 px, numbered in order.
            var size = page.ViewportSize;
            await ScreenshotAsync(page, $"checked-{Interlocked.Increment(ref _checkedPages):D2}-{new Uri(page.Url).AbsolutePath.Trim('/').Replace('/', '_')}");
            if (size is not null)
            {
                await page.SetViewportSizeAsync(size.Width, size.Height);
            }
        }
    }

    private static int _checkedPages;

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        try
        {
            var folder = RepositoryPaths.Combine("test-output", "screenshots");
            Directory.CreateDirectory(folder);
            await page.SetViewportSizeAsync(360, 740);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
            // The page may already be gone; the test's own failure is what matters.
        }
    }
}
