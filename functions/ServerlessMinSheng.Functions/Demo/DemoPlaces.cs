namespace ServerlessMinSheng.Functions.Demo;

/// <summary>A community (or village) of the demo, with the roads and spots its residents' requests mention.</summary>
/// <param name="Quality">How well its staff handle requests, 0–1: drives on-time signing, resolution and satisfaction, so the rankings differ.</param>
public sealed record DemoCommunity(string Key, string Name, string StaffUser, string StaffName, string[] Roads, string[] Spots, double Quality);

public sealed record DemoTown(string Key, string Name, string StaffUser, string StaffName, double Quality, DemoCommunity[] Communities);

public sealed record DemoDepartment(string Key, string Name, string StaffUser, string StaffName, double Quality);

public sealed record DemoSocialUnit(string Key, string Name, string Category, string StaffUser, string StaffName);

public sealed record DemoPerson(string User, string Name);

/// <summary>
/// The demo's fictional district: two towns/streets with seven communities, the departments that
/// handle what a community cannot, the social units that claim micro-projects, and the people who work
/// there. Names are invented; the kinds of places and roles follow the programmes in DESIGN.md.
/// </summary>
public static class DemoPlaces
{
    public static readonly DemoPerson Admin = new("admin", "区级管理员");

    public static readonly DemoTown[] Towns =
    [
        new("qinghe", "青禾街道", "qinghe-jd", "孙立新", 0.72,
        [
            new("qinghe", "青禾社区", "qinghe-sq", "刘芳", ["青禾路", "青禾南街", "春晖路"], ["东门", "北门广场", "社区服务站", "菜市场", "幼儿园门口", "地下车库"], 0.82),
            new("jinxiu", "锦绣社区", "jinxiu-sq", "陈静", ["锦绣大街", "锦绣东路", "文华路"], ["西门", "中心花园", "锦绣小学门口", "底商街", "非机动车棚", "3号院"], 0.62),
            new("rongjing", "融景社区", "rongjing-sq", "周海燕", ["融景路", "科创二街", "泰河路"], ["南门", "小区广场", "物业中心", "体育公园", "公交站旁", "地下车库"], 0.74),
            new("heyuan", "和园社区", "heyuan-sq", "吴敏", ["和园路", "兴业街", "青年路"], ["老年活动中心", "和园小学门口", "便民菜站", "东侧绿地", "停车场", "北门"], 0.55),
        ]),
        new("liuan", "柳岸镇", "liuan-zhen", "郑国强", 0.66,
        [
            new("liuan", "柳岸社区", "liuan-sq", "何丽", ["柳岸大道", "滨河路", "镇府街"], ["滨河公园", "镇卫生院门口", "农贸市场", "小区东门", "老年驿站", "篮球场"], 0.78),
            new("xinqiao", "新桥社区", "xinqiao-sq", "马晓东", ["新桥街", "工业北路", "望京路"], ["新桥公园", "快递驿站", "小区西门", "社区食堂", "停车场", "自行车棚"], 0.68),
            new("donghu", "东湖村", "donghu-c", "黄建华", ["东湖路", "村西路", "果园路"], ["村委会", "文化广场", "老戏台", "果园路口", "村卫生室", "村小学门口"], 0.6),
        ]),
    ];

    public static readonly DemoDepartment[] Departments =
    [
        new("chengjian", "区住房和城乡建设委员会", "chengjian-bm", "王磊", 0.7),
        new("chengguan", "区城市管理委员会", "chengguan-bm", "赵强", 0.76),
        new("huanbao", "区生态环境局", "huanbao-bm", "钱芳", 0.8),
        new("jiaotong", "区交通委员会", "jiaotong-bm", "冯伟", 0.58),
        new("weijian", "区卫生健康委员会", "weijian-bm", "褚玉", 0.84),
        new("minzheng", "区民政局", "minzheng-bm", "卫红", 0.78),
        new("shichang", "区市场监督管理局", "shichang-bm", "蒋涛", 0.7),
    ];

    public static readonly DemoSocialUnit[] SocialUnits =
    [
        new("gongdian", "国网青禾供电所", "company", "gongdian-dw", "林志刚"),
        new("weisheng", "青禾社区卫生服务中心", "hospital", "weisheng-dw", "杜医生"),
        new("jincheng", "锦程物业服务有限公司", "company", "jincheng-dw", "高经理"),
        new("zhiyuan", "柳岸镇志愿者协会", "volunteer_team", "zhiyuan-dw", "许晴"),
        new("shanghui", "青禾街道商会", "other", "shanghui-dw", "邓会长"),
        new("yanglao", "和园养老服务中心", "ngo", "yanglao-dw", "彭主任"),
        new("dianqi", "新桥电气工程有限公司", "company", "dianqi-dw", "曹工"),
        new("yishu", "东湖文化艺术团", "volunteer_team", "yishu-dw", "田团长"),
    ];

    public static readonly DemoPerson[] Coordinators = [new("wang-xietiao", "王建国"), new("li-xietiao", "李红梅")];

    public static readonly DemoPerson Observer = new("zhao-guancha", "赵敏");

    /// <summary>Partner systems that post requests by webhook: id and name.</summary>
    public static readonly (string Id, string Name)[] Partners = [("hotline-12345", "12345 市民服务热线"), ("wechat-qinghe", "“民生青禾”微信公众号")];

    public static IEnumerable<DemoCommunity> Communities => Towns.SelectMany(t => t.Communities);

    public static DemoTown TownOf(DemoCommunity community) => Towns.First(t => t.Communities.Contains(community));
}
