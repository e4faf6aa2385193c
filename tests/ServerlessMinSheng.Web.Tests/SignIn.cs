namespace ServerlessMinSheng.Web.Tests;

internal static class SignIn
{
    public static async Task AsAsync(IPage page, SiteFixture site, string username, string password)
    {
        await page.GotoAsync(site.Url("/signin"));
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).WaitForAsync();
        Assert.Contains("/admin/", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Follows a link in the admin menu (the workbench lists the same pages, so the menu is named).</summary>
    public static Task MenuAsync(IPage page, string label) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" }).GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
}
