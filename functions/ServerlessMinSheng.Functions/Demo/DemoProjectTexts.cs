namespace ServerlessMinSheng.Functions.Demo;

/// <summary>Where a demo micro-project's story stops: one per state of the lifecycle, plus the escalated ones.</summary>
public enum DemoProjectFate
{
    Proposed,
    Deliberating,
    Approved,
    Rejected,
    Published,
    Unclaimed,
    Cancelled,
    Claimed,
    Executing,
    LateMilestone,
    GovernmentFunded,
    Suspended,
    Completed,
    WrittenOff,
    Evaluating,
    Renewed,
    Retired,
}

public sealed record DemoClaim(string Unit, string PledgeKind, double Amount, string Text);

/// <summary>A milestone, due <paramref name="DueDays"/> after execution starts.</summary>
public sealed record DemoMilestone(string Title, string Owner, double DueDays);

/// <summary>
/// One demo micro-project. <paramref name="ProposeDay"/> is days before the demo's end (negative);
/// every later step follows at fixed offsets from it (see <see cref="DemoProjectScripts"/>).
/// <paramref name="Requests"/> are the residents' requests merged into it; <paramref name="Scores"/> the
/// residents' 1–5 scores in evaluation (4 and 5 count as "it helped").
/// </summary>
public sealed record DemoProject(
    string Key,
    DemoProjectFate Fate,
    double ProposeDay,
    string Title,
    string Description,
    string Theme,
    double Budget,
    string Town,
    string[] Communities,
    (string Title, string Description)[] Requests,
    string Adviser,
    string Advice,
    int Supports,
    int Batch,
    DemoClaim[] Claims,
    DemoMilestone[] Milestones,
    double ExecutionDays,
    string Evidence,
    string? Reason = null,
    int[]? Scores = null);

/// <summary>The demo's micro-projects (authored for this project), one or more in every state.</summary>
public static class DemoProjectTexts
{
    public static readonly DemoProject[] Projects =
    [
        new("charging-shed", DemoProjectFate.Proposed, -0.8, "锦绣社区电动自行车集中充电棚", "在锦绣社区西门和 3 号院各建设一处电动自行车集中充电棚，共 120 个充电口，配备烟感和自动灭火装置，从源头解决飞线充电和楼道停放的火灾隐患。", "平安", 180_000, "qinghe", ["jinxiu"],
            [("楼下飞线充电太危险", "锦绣社区好多住户从窗户拉线给电动车充电，晚上电线垂到一楼，下雨天更危险，希望建个集中充电的地方。"), ("电动车都推进楼道里充电", "3 号院不少人把电动车推进楼道充电，堵住了安全出口，希望社区建充电棚。")],
            "chengguan", "选址不占用消防通道，建议与供电所确认容量后实施。", 0, 1, [], [], 0, ""),
        new("lift-retrofit", DemoProjectFate.Deliberating, -5.5, "青禾社区老楼加装电梯试点", "在青禾社区 3 号、5 号、7 号楼等 6 个单元试点加装电梯，政府补贴每部 24 万元，其余由业主按楼层分摊，社区负责组织意见征询和施工协调。", "宜居", 1_440_000, "qinghe", ["qinghe"],
            [("老楼没电梯，老人下不了楼", "青禾社区 5 号楼六层住了好几位八十多岁的老人，一年到头下不了几次楼，希望加装电梯。"), ("加装电梯有没有补贴", "我们 7 号楼想加装电梯，大家想知道政府补贴多少、自己要出多少钱，希望社区统一组织。"), ("支持老楼加装电梯", "青禾社区 3 号楼大部分住户都同意加装电梯，希望尽快启动。")],
            "chengjian", "6 个单元均满足加装条件，需完成管线迁改评估。", 14, 1, [], [], 0, ""),
        new("elder-meals", DemoProjectFate.Approved, -9, "和园社区老年助餐点", "利用和园社区老年活动中心一层改建老年助餐点，提供午餐和晚餐，80 岁以上老人和困难老人享受助餐补贴，行动不便的老人可送餐上门。", "健康", 260_000, "qinghe", ["heyuan"],
            [("老人吃饭难", "和园社区独居老人多，自己做饭不方便也不安全，希望社区办个老年食堂。"), ("希望有送餐服务", "我母亲九十岁了腿脚不便，希望社区助餐点能送餐上门。")],
            "minzheng", "符合养老助餐点建设标准，可申请市级补贴。", 9, 3, [], [], 0, ""),
        new("garage-mall", DemoProjectFate.Rejected, -80, "融景社区地下空间改建停车楼", "将融景社区地下人防空间改建为两层机械停车楼，新增车位 300 个。", "宜居", 9_800_000, "qinghe", ["rongjing"],
            [("融景社区停车太难了", "融景社区车位只有住户数的三分之一，晚上绕好几圈都找不到车位，希望建停车楼。"), ("地下空间闲置", "小区地下有一大片空间一直闲置，能不能改成停车场。")],
            "chengjian", "涉及人防工程改造和产权审批，投资远超微实事规模。", 3, 1, [], [], 0, "",
            Reason: "项目涉及人防工程改造和产权审批，投资近千万元，超出民心微实事小额快办的定位，已转街道停车专项研究。"),
        new("plaza-lights", DemoProjectFate.Published, -12, "东湖村文化广场照明提升", "为东湖村文化广场和老戏台周边安装 24 盏太阳能庭院灯，解决村民晚上跳舞、看戏时照明不足的问题。", "活力", 90_000, "liuan", ["donghu"],
            [("文化广场晚上太黑", "东湖村文化广场晚上没有灯，大家跳舞只能靠手机照明，老人容易摔倒。"), ("老戏台周边需要路灯", "村里老戏台附近没有路灯，晚上看戏散场后回家很不方便。")],
            "chengguan", "可采用太阳能灯具，无需新建线路。", 6, 3, [], [], 0, ""),
        new("parcel-lockers", DemoProjectFate.Unclaimed, -30, "新桥社区智能快递柜进小区", "在新桥社区西门和停车场旁各安装一组智能快递柜，设置适老化大屏和语音提示，解决快递乱堆、丢件和老人取件难的问题。", "智慧", 60_000, "liuan", ["xinqiao"],
            [("快递丢了好几次", "新桥社区快递都堆在西门口，没人看管，我已经丢了好几次快递了。"), ("希望安装快递柜", "小区没有快递柜，上班族取件很不方便，希望能安装快递柜。")],
            "shichang", "建议引入运营企业，按免费安装、运营收费模式实施。", 7, 2, [], [], 0, ""),
        new("market-canopy", DemoProjectFate.Cancelled, -60, "柳岸镇农贸市场遮雨棚", "为柳岸镇农贸市场露天摊位区搭建 600 平方米钢结构遮雨棚，改善雨天买菜环境。", "宜居", 150_000, "liuan", ["liuan"],
            [("农贸市场下雨没法买菜", "柳岸农贸市场露天的摊位一下雨就没法做生意，地上全是泥水，希望搭个棚。"), ("市场环境差", "农贸市场雨天泥泞，老人买菜容易滑倒。")],
            "shichang", "需与市场产权方明确投资和维护责任。", 5, 2, [new("zhiyuan", "volunteer_hours", 120, "组织志愿者协助施工期间的秩序维护")], [], 0, "",
            Reason: "市场产权方已自筹资金完成遮雨棚建设，项目取消，相关诉求已一并答复。"),
        new("pocket-park", DemoProjectFate.Claimed, -20, "青禾社区口袋公园座椅和遮阳棚", "在青禾社区北门广场增设 20 组休闲座椅和 3 处遮阳棚，方便老人和带孩子的家长休息。", "宜居", 75_000, "qinghe", ["qinghe"],
            [("广场没有地方坐", "北门广场只有两条长椅，老人遛弯累了没地方坐。"), ("夏天广场太晒", "北门广场没有遮阴的地方，夏天下午根本待不住，希望装遮阳棚。")],
            "chengguan", "不占用消防通道，可实施。", 8, 3, [new("shanghui", "money", 50_000, "商会会员企业捐资购置座椅和遮阳棚"), new("jincheng", "service", 12, "物业负责安装后一年的日常维护")], [], 0, ""),
        new("corridor-lights", DemoProjectFate.Executing, -40, "锦绣社区楼道声控灯更换", "将锦绣社区 42 个单元的老旧楼道灯更换为 LED 声光控节能灯，共约 500 盏。", "平安", 68_000, "qinghe", ["jinxiu"],
            [("楼道灯经常坏", "锦绣社区好几个单元的楼道灯都是坏的，晚上上楼要用手机照明。"), ("希望统一更换楼道灯", "楼道灯坏了报修要等很久，希望统一换成节能灯。")],
            "chengjian", "纳入公共照明维修，可行。", 6, 2, [new("gongdian", "service", 500, "供电所安排电工更换灯具并检查楼道线路"), new("jincheng", "materials", 20_000, "物业提供部分灯具")],
            [new("完成 42 个单元线路排查", "林志刚", 12), new("全部灯具更换完成", "林志刚", 40)], 45, ""),
        new("rain-drains", DemoProjectFate.LateMilestone, -50, "和园社区雨水管网疏通改造", "对和园社区内 1.2 公里雨水管网进行清淤疏通，更换破损管段，新增 8 处雨水收水口，解决雨天路面积水。", "宜居", 320_000, "qinghe", ["heyuan"],
            [("和园社区一下雨就积水", "和园路进小区的路口每次下雨都积水，老人孩子出行很不方便。"), ("雨水管道堵了", "小区雨水井都被淤泥堵了，下大雨时水往地下室倒灌。"), ("地下室进水", "每年雨季和园社区地下室都进水，希望彻底治理管网。")],
            "chengjian", "需先做管道 CCTV 检测，确定破损位置。", 9, 2, [new("jincheng", "service", 30, "物业负责施工期间的交通疏导和居民告知"), new("shanghui", "money", 80_000, "商会出资支持管网改造")],
            [new("管网检测和清淤", "高经理", 10), new("破损管段更换", "高经理", 28), new("新增收水口并验收", "高经理", 45)], 50, ""),
        new("elder-room", DemoProjectFate.GovernmentFunded, -58, "柳岸社区老年活动室适老化改造", "对柳岸社区老年活动室进行适老化改造：地面防滑、加装扶手、改造无障碍卫生间、添置适老桌椅。", "健康", 110_000, "liuan", ["liuan"],
            [("活动室地面太滑", "柳岸社区老年活动室地面是瓷砖，下雨天特别滑，已经有老人摔倒了。"), ("活动室厕所不方便", "活动室卫生间是蹲厕，老人蹲不下去，希望改成坐便并加扶手。")],
            "minzheng", "符合适老化改造补贴条件。", 7, 2, [],
            [new("地面防滑和扶手安装", "何丽", 12), new("卫生间改造和验收", "何丽", 40)], 45, ""),
        new("parking-lines", DemoProjectFate.Suspended, -70, "和园社区停车场划线扩容", "重新规划和园社区停车场，施划标准车位，预计新增 60 个车位，并设置电动汽车专用车位。", "宜居", 45_000, "qinghe", ["heyuan"],
            [("停车场乱停乱放", "和园社区停车场没有划线，车辆乱停，一个车位占两个。"), ("希望增加车位", "小区车位太少，希望重新划线增加车位。")],
            "jiaotong", "需保留消防通道宽度不少于 4 米。", 5, 2, [new("jincheng", "service", 20, "物业负责施工组织和车辆临时调度")],
            [new("停车场方案公示", "高经理", 10), new("划线施工", "高经理", 30)], 40, "",
            Reason: "部分规划车位涉及消防通道，待消防部门复核方案后再恢复实施。"),
        new("fitness-renew", DemoProjectFate.Completed, -44, "融景社区健身器材更新", "更换融景社区体育公园和小区广场的 26 件老旧健身器材，增设适合老年人的康复类器材。", "活力", 85_000, "qinghe", ["rongjing"],
            [("健身器材坏了好久", "融景社区体育公园的健身器材坏了一半，希望更换。"), ("希望增加老年人健身器材", "小区广场的器材大多是年轻人用的，希望增加适合老人的康复器材。")],
            "chengguan", "由体育部门提供器材目录，可行。", 8, 2, [new("shanghui", "money", 60_000, "商会捐资购置健身器材"), new("zhiyuan", "volunteer_hours", 80, "志愿者参与器材安装后的使用指导")],
            [new("旧器材拆除", "邓会长", 10), new("新器材安装验收", "邓会长", 28)], 28, "26 件新器材已安装完成并通过体育部门验收，旧器材已回收，现场照片和验收单已归档。"),
        new("waste-stations", DemoProjectFate.WrittenOff, -48, "新桥社区垃圾分类桶站升级", "将新桥社区 12 个露天垃圾桶站升级为带顶棚、洗手池和除臭装置的标准化桶站。", "文明", 96_000, "liuan", ["xinqiao"],
            [("垃圾站太臭了", "新桥社区垃圾站夏天臭气熏天，蚊蝇很多，希望改造。"), ("桶站没有洗手的地方", "扔完垃圾手很脏，希望桶站旁边设个洗手池。")],
            "huanbao", "纳入垃圾分类设施提升计划，可行。", 6, 2, [new("dianqi", "service", 40, "负责桶站照明和除臭设备安装"), new("zhiyuan", "volunteer_hours", 200, "志愿者在新桶站开展分类引导")],
            [new("桶站顶棚建设", "曹工", 12), new("洗手池和除臭设备安装", "曹工", 28)], 28, "12 个桶站全部完成升级，除臭设备运行正常，已由街道和环卫部门联合验收。"),
        new("smart-access", DemoProjectFate.Evaluating, -52, "青禾社区智能门禁改造", "为青禾社区 36 个单元更换人脸识别智能门禁，保留刷卡和密码开门方式，为老人提供线下登记服务。", "智慧", 210_000, "qinghe", ["qinghe"],
            [("单元门禁形同虚设", "青禾社区很多单元门禁坏了，陌生人随便进出，希望更换。"), ("希望门禁方便老人", "新门禁最好也能刷卡开门，老人不会用手机。")],
            "chengjian", "注意个人信息保护，人脸数据本地存储。", 9, 2, [new("dianqi", "service", 60, "负责门禁设备安装调试"), new("jincheng", "materials", 30_000, "物业提供门禁卡和线下登记服务")],
            [new("设备采购和样板单元安装", "曹工", 12), new("全部单元安装调试", "曹工", 28)], 28, "36 个单元智能门禁全部安装完成，已为 412 位老人办理门禁卡，系统运行稳定。",
            Scores: [5, 4, 5, 3, 4, 5]),
        new("opera-season", DemoProjectFate.Renewed, -112, "东湖村戏曲进村演出季", "邀请区评剧团和东湖文化艺术团在东湖村老戏台开展 12 场戏曲演出，并开设戏曲兴趣班。", "活力", 48_000, "liuan", ["donghu"],
            [("希望村里多唱几场戏", "东湖村老人都爱看戏，老戏台好多年没唱过戏了，希望能请剧团来演出。"), ("老戏台闲置可惜", "村里老戏台修好了一直闲着，希望多组织文化活动。")],
            "minzheng", "演出安全预案需报镇里备案。", 9, 1, [new("yishu", "service", 12, "艺术团承担 8 场演出和兴趣班教学"), new("zhiyuan", "volunteer_hours", 150, "志愿者负责演出现场秩序和老人接送")],
            [new("演出场次和剧目确定", "田团长", 8), new("12 场演出完成", "田团长", 35)], 35, "12 场演出全部完成，累计观众 3,600 人次，戏曲兴趣班结业学员 42 人。",
            Scores: [5, 5, 4, 5, 5, 4, 5, 4]),
        new("book-corner", DemoProjectFate.Retired, -100, "锦绣社区共享图书角", "在锦绣社区底商街设置 24 小时共享图书角，配备 2,000 册图书和自助借还设备。", "文明", 55_000, "qinghe", ["jinxiu"],
            [("希望社区有个看书的地方", "锦绣社区附近没有图书馆，孩子放学后没地方看书。"), ("建个共享书屋", "希望社区建个可以自助借书的书屋。")],
            "minzheng", "需落实日常管理人员。", 6, 1, [new("shanghui", "money", 40_000, "商会捐资购置图书和借还设备")],
            [new("场地改造", "邓会长", 10), new("图书上架和设备调试", "邓会长", 30)], 30, "图书角已建成开放，配备图书 2,000 册。",
            Scores: [3, 2, 4, 2, 3, 3]),
        new("river-path", DemoProjectFate.Renewed, -95, "柳岸社区滨河步道夜间照明和座椅", "为柳岸社区滨河公园 1.5 公里步道补装照明，增设 30 组座椅和 2 处直饮水点。", "宜居", 130_000, "liuan", ["liuan", "xinqiao"],
            [("滨河步道晚上太黑", "滨河公园步道晚上很黑，散步的人多，容易出事。"), ("步道没地方休息", "滨河步道走一圈要四十分钟，中间没有座椅，老人走不动。")],
            "chengguan", "照明宜采用低位草坪灯，减少光污染。", 8, 1, [new("gongdian", "service", 300, "供电所负责照明线路接入和安全检查"), new("zhiyuan", "volunteer_hours", 100, "志愿者参与座椅安装和步道保洁"), new("shanghui", "money", 70_000, "商会捐资购置座椅和直饮水设备")],
            [new("照明线路敷设", "林志刚", 12), new("灯具、座椅和直饮水点安装验收", "林志刚", 32)], 32, "步道照明、30 组座椅和 2 处直饮水点全部完工并投入使用。",
            Scores: [5, 4, 5, 5, 4, 4, 5]),
    ];

    /// <summary>What the lead unit writes in its weekly reports, in order.</summary>
    public static readonly string[] Reports =
    [
        "施工队伍已进场，完成现场勘察和材料进场，施工前已张贴告知书。",
        "主体施工按计划推进，本周完成计划工作量，居民反映良好。",
        "本周受降雨影响停工一天，已调整工序，总体进度不受影响。",
        "关键节点已完成，正在进行细部施工和现场清理。",
        "完成自检，邀请居民代表现场查看，收集到的意见已整改。",
        "剩余工程量不多，预计按期完工。",
        "收尾施工中，同步整理验收资料。",
        "本周继续推进，协调保障领导到现场检查，提出的问题已整改。",
    ];
}
