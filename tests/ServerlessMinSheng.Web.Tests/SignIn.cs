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
}
