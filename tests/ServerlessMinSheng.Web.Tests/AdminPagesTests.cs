namespace ServerlessMinSheng.Web.Tests;

[Collection(BrowserTests.Name)]
public class AdminPagesTests(BrowserFixture browser, SiteFixture site) : IClassFixture<SiteFixture>
{
    [Fact]
    public Task TheAdminSeesEveryManagementPageInTheMenu() => PageChecks.RunAsync(browser.Browser, nameof(TheAdminSeesEveryManagementPageInTheMenu), async page =>
    {
        await SignIn.AsAsync(page, site, SiteFixture.AdminName, SiteFixture.AdminPassword);

        var menu = await page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" }).GetByRole(AriaRole.Link).AllInnerTextsAsync();
        Assert.Equal(["工作台", "诉求分拣", "督办", "民心微实事", "代录诉求", "问卷导入", "民生需求图", "考评排名", "本单位考评", "排名计算", "用户管理", "街道与社区", "部门与社会单位", "合作系统"], menu);
        Assert.Contains("区级管理员", await page.Locator("#shell-user").InnerTextAsync(), StringComparison.Ordinal);
        await PageChecks.AssertPageAsync(page);
    });

    [Fact]
    public Task TheAdminAddsTownsCommunitiesAndRenamesThem() => PageChecks.RunAsync(browser.Browser, nameof(TheAdminAddsTownsCommunitiesAndRenamesThem), async page =>
    {
        await SignIn.AsAsync(page, site, SiteFixture.AdminName, SiteFixture.AdminPassword);
        await page.GotoAsync(site.Url("/admin/areas"));

        await page.GetByLabel("街道/乡镇名称").FillAsync("博兴街道");
        await page.Locator("#add-town").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "博兴街道" }).WaitForAsync();
        await page.GetByLabel("所属街道/乡镇").SelectOptionAsync(new SelectOptionValue { Label = "博兴街道" });
        await page.GetByLabel("社区/村名称").FillAsync("瀛海<i>社区");
        await page.Locator("#add-community").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await page.GetByText("瀛海<i>社区", new() { Exact = true }).WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "改名 瀛海<i>社区" }).ClickAsync();
        await page.GetByLabel("新名称").FillAsync("瀛海社区");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.GetByText("已改名为 瀛海社区").WaitForAsync();
        await page.Locator("#area-tree").GetByText("瀛海社区", new() { Exact = true }).WaitForAsync();

        Assert.Equal(0, await page.Locator("main i").CountAsync());
        Assert.Equal(0, await page.Locator("#area-tree").GetByText("瀛海<i>社区").CountAsync());
        await PageChecks.AssertPageAsync(page);
    });

    [Fact]
    public Task ADuplicateNameIsShownNextToTheForm() => PageChecks.RunAsync(browser.Browser, nameof(ADuplicateNameIsShownNextToTheForm), async page =>
    {
        await SignIn.AsAsync(page, site, SiteFixture.AdminName, SiteFixture.AdminPassword);
        await page.GotoAsync(site.Url("/admin/units"));

        await page.GetByLabel("新增部门").FillAsync("城市管理委员会");
        await page.Locator("#add-department").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await page.Locator("#department-list").GetByText("城市管理委员会").WaitForAsync();
        await page.GetByLabel("新增部门").FillAsync("城市管理委员会");
        await page.Locator("#add-department").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();

        await page.Locator("#department-alert.alert-error").WaitForAsync();
        Assert.Contains("已有同名", await page.Locator("#department-alert").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByLabel("名称", new() { Exact = true }).FillAsync("亦庄医院");
        await page.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "医院" });
        await page.GetByRole(AriaRole.Button, new() { Name = "新增社会单位" }).ClickAsync();
        await page.Locator("#social-list").GetByText("亦庄医院").WaitForAsync();
        await PageChecks.AssertPageAsync(page);
    });

    [Fact]
    public Task AFormWithBadFieldsMarksEachOne() => PageChecks.RunAsync(browser.Browser, nameof(AFormWithBadFieldsMarksEachOne), async page =>
    {
        await SignIn.AsAsync(page, site, SiteFixture.AdminName, SiteFixture.AdminPassword);
        await page.GotoAsync(site.Url("/admin/users"));

        var form = page.Locator("#create-user");
        await form.GetByLabel("用户名").FillAsync("X");
        await form.GetByLabel("初始密码").FillAsync("short");
        await form.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();

        await page.Locator("#new-username[aria-invalid='true']").WaitForAsync();
        Assert.Equal("true", await form.GetByLabel("初始密码").GetAttributeAsync("aria-invalid"));
        Assert.Equal("true", await form.GetByLabel("姓名").GetAttributeAsync("aria-invalid"));
        Assert.Equal("true", await form.GetByLabel("角色").GetAttributeAsync("aria-invalid"));
        Assert.NotNull(await form.GetByLabel("初始密码").GetAttributeAsync("aria-describedby"));
        await PageChecks.AssertPageAsync(page);
    });

    /// <summary>The walk: the admin sets up a community and its worker, who then sees only what the role allows.</summary>
    [Fact]
    public Task ACommunityWorkerCreatedByTheAdminSeesOnlyWhatTheRoleAllows() => PageChecks.RunAsync(browser.Browser, nameof(ACommunityWorkerCreatedByTheAdminSeesOnlyWhatTheRoleAllows), async page =>
    {
        await SignIn.AsAsync(page, site, SiteFixture.AdminName, SiteFixture.AdminPassword);
        await page.GotoAsync(site.Url("/admin/areas"));
        await page.GetByLabel("街道/乡镇名称").FillAsync("亦庄镇");
        await page.Locator("#add-town").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "亦庄镇" }).WaitForAsync();
        await page.GetByLabel("所属街道/乡镇").SelectOptionAsync(new SelectOptionValue { Label = "亦庄镇" });
        await page.GetByLabel("社区/村名称").FillAsync("朝林社区");
        await page.Locator("#add-community").GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await page.GetByText("朝林社区", new() { Exact = true }).WaitForAsync();

        await page.GotoAsync(site.Url("/admin/users"));
        var form = page.Locator("#create-user");
        await form.GetByLabel("用户名").FillAsync("chaolin.wang");
        await form.GetByLabel("姓名").FillAsync("王芳");
        await form.GetByLabel("角色").SelectOptionAsync(new SelectOptionValue { Label = "社区工作人员" });
        await form.GetByLabel("工作范围").SelectOptionAsync(new SelectOptionValue { Label = "朝林社区" });
        await form.GetByLabel("初始密码").FillAsync("朝林社区王芳的初始登录密码");
        await form.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = "chaolin.wang", Exact = true }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "民有所呼、我有所应" }).WaitForAsync();

        await SignIn.AsAsync(page, site, "chaolin.wang", "朝林社区王芳的初始登录密码");
        var menu = await page.GetByRole(AriaRole.Navigation, new() { Name = "管理导航" }).GetByRole(AriaRole.Link).AllInnerTextsAsync();
        Assert.Equal(["工作台", "诉求分拣", "待办诉求", "代录诉求", "民生需求图", "考评排名", "本单位考评"], menu);
        await page.GetByText("朝林社区", new() { Exact = true }).WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "本社区工作人员" }).WaitForAsync();
        await PageChecks.AssertPageAsync(page);

        await page.GotoAsync(site.Url("/admin/users"));
        await page.GetByRole(AriaRole.Alert).GetByText("您的角色无权使用此页面。").WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).CountAsync());
    });
}
