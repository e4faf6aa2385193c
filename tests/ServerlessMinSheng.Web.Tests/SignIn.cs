namespace ServerlessMinSheng.Web.Tests;

internal static class SignIn
{
    public static async Task AsAsync(IPage page, SiteFixture site, string username, string password)
    {
        await AsAsync(page, site.App.Address, username, password);
        Assert.Contains("/admin/", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Signs in through the sign-in page of the app at <paramref name="address"/> and waits for the signed-in header.</summary>
    public static async Task AsAsync(IPage page, Uri address, string username, string password)
    {
        await page.GotoAsync(new Uri(address, "/signin").ToString());
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).WaitForAsync();
    }

    /// <summary>Follows a link in the admin menu (the workbench lists the same pages, so the menu is named).</summary>
    public static Task MenuAsync(IPage page, string label) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" }).GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
}
