namespace ServerlessMinSheng.Web.Tests;

[Collection(BrowserTests.Name)]
public class PublicPagesTests(BrowserFixture browser, SiteFixture site) : IClassFixture<SiteFixture>
{
    private static readonly string[] LandingLinks = ["/submit", "/track", "/needs-map", "/board", "/signin"];

    [Fact]
    public Task TheLandingPageLinksToSubmitTrackNeedsMapAndBoard() => PageChecks.RunAsync(browser.Browser, nameof(TheLandingPageLinksToSubmitTrackNeedsMapAndBoard), async page =>
    {
        await page.GotoAsync(site.Url("/"));

        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("民有所呼、我有所应", await page.Locator("h1").InnerTextAsync());
        foreach (var href in LandingLinks)
        {
            Assert.True(await page.Locator($"a[href='{href}']").CountAsync() > 0, $"no link to {href}");
        }

        await PageChecks.AssertPageAsync(page);
    }, width: 360);

    [Fact]
    public Task AnUnknownAddressShowsTheNotFoundPage() => PageChecks.RunAsync(browser.Browser, nameof(AnUnknownAddressShowsTheNotFoundPage), async page =>
    {
        var response = await page.GotoAsync(site.Url("/no/such/page"));

        Assert.Equal(404, response!.Status);
        Assert.Equal("没有找到这个页面", await page.Locator("h1").InnerTextAsync());
        await PageChecks.AssertPageAsync(page);
    }, width: 360);

    [Fact]
    public Task AWrongPasswordShowsAnErrorAndKeepsTheVisitorOnTheSignInPage() => PageChecks.RunAsync(browser.Browser, nameof(AWrongPasswordShowsAnErrorAndKeepsTheVisitorOnTheSignInPage), async page =>
    {
        await page.GotoAsync(site.Url("/signin"));
        await PageChecks.AssertPageAsync(page);

        await page.GetByLabel("用户名").FillAsync(SiteFixture.AdminName);
        await page.GetByLabel("密码").FillAsync("definitely not it");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        Assert.Equal("用户名或密码错误", await alert.InnerTextAsync());
        Assert.EndsWith("/signin", page.Url, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await page.GetByLabel("密码").InputValueAsync());
        await PageChecks.AssertAccessibleAsync(page);
    }, width: 360);

    [Fact]
    public Task SigningInLeadsToTheWorkbenchAndBackToTheRequestedPage() => PageChecks.RunAsync(browser.Browser, nameof(SigningInLeadsToTheWorkbenchAndBackToTheRequestedPage), async page =>
    {
        await page.GotoAsync(site.Url("/admin/areas"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "工作人员登录", Level = 1 }).WaitForAsync();
        Assert.Contains("/signin?returnUrl=%2Fadmin%2Fareas", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("用户名").FillAsync(SiteFixture.AdminName);
        await page.GetByLabel("密码").FillAsync(SiteFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "街道与社区", Level = 1 }).WaitForAsync();
        Assert.EndsWith("/admin/areas", page.Url, StringComparison.Ordinal);
    });
}
