using ServerlessMinSheng.Functions.Storage;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ServerlessMinSheng.Functions.Hosting;
using ServerlessMinSheng.Functions.SurveyImport;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>
/// The demo's year-end survey: 青禾街道's staff upload a CSV of residents' opinions through the upload
/// endpoint, and the two import queue functions parse it and store and triage its rows, as the trigger
/// runtime would (it starts only after the seeding). Three rows are rejected: an unknown community, a
/// community of another town (outside the uploader's scope) and a row without content.
/// </summary>
public sealed class DemoSurveyImport(DemoClock clock, ImportStore imports, TriggerQueues triggerQueues, QueueServiceClient queues, IServiceScopeFactory scopes)
{
    public const string FileName = "青禾街道2026年度居民意见征集.csv";

    /// <summary>Rows of the file (after its header): 17 are imported, 3 rejected.</summary>
    public const int Rows = 20;

    public const int Rejected = 3;

    private static readonly string[][] Survey =
    [
        ["加装电梯", "我们楼是六层的老楼，住的多是七八十岁的老人，大家都想加装电梯，希望街道给个费用分摊的指导，帮忙推进。", "青禾社区", "青禾南街8号院2号楼", "", "是"],
        ["", "菜市场门口早上摊位占道经营，电动车和行人挤在一起，孩子上学路过很不安全。", "青禾社区", "菜市场东侧", "", "是"],
        ["垃圾桶站清运不及时", "春晖路的几个垃圾桶站经常满出来没人清运，天一热味道很大，希望增加清运次数。", "青禾社区", "春晖路", "", "是"],
        ["服务站周末开放", "社区服务站只在工作日开门，上班族办事只能请假，建议周六上午也开放半天。", "青禾社区", "社区服务站", "", "是"],
        ["树木遮挡采光", "东门附近的几棵树长得太高，挡住了二三楼的采光，树枝还碰到电线，请安排修剪。", "青禾社区", "青禾路东门", "13800137712", "否"],
        ["车棚加装充电桩", "小区非机动车棚没有充电桩，不少人从楼上拉电线给电动车充电，火灾隐患大，建议加装集中充电设施。", "锦绣社区", "锦绣东路12号院", "13800135146", "否"],
        ["小学门口接送拥堵", "锦绣小学放学时家长的车停满文华路两侧，公交车都过不去，希望增加协管员或者划出临时停车区。", "锦绣社区", "文华路", "", "是"],
        ["健身器材松动", "中心花园有几件健身器材已经松动生锈，老人锻炼时担心受伤，请安排检修或更换。", "锦绣社区", "中心花园", "", "是"],
        ["底商街无障碍坡道", "底商街的台阶太高，坐轮椅的和推婴儿车的都上不去，希望加建无障碍坡道。", "锦绣社区", "锦绣大街底商街", "", "是"],
        ["地下车库渗水", "一到下雨地下车库就渗水，墙皮脱落，车位上全是积水，希望物业和有关部门查明原因维修。", "融景社区", "融景路16号地下车库", "13800135521", "否"],
        ["公交站加装遮雨棚", "科创二街公交站没有遮雨棚也没有座椅，下雨天等车的老人孩子都淋着，建议加装。", "融景社区", "科创二街公交站", "", "是"],
        ["工地夜间施工", "体育公园西边的工地经常晚上十一点以后还在施工，噪音很大影响休息，请相关部门管一管。", "融景社区", "泰河路体育公园西侧", "13800136678", "否"],
        ["增设智能快递柜", "小区的快递都堆在物业中心门口，经常丢件，建议增设智能快递柜。", "融景社区", "物业中心", "", "是"],
        ["老年助餐点", "社区老人多，子女白天都上班，希望在老年活动中心开个助餐点，价格实惠一些。", "和园社区", "老年活动中心", "", "是"],
        ["路灯不亮", "兴业街北段有四五盏路灯一直不亮，晚上下班走路很黑，请尽快修复。", "和园社区", "兴业街北段", "", "是"],
        ["消防通道被占", "小区车位太少，晚上车都停到消防通道上，万一着火消防车进不来，建议和周边单位错时共享停车。", "和园社区", "和园路", "", "是"],
        ["", "和园小学门口的斑马线已经磨得看不清了，早晚学生过马路很危险，建议重新施划并加装减速带。", "和园社区", "和园小学门口", "", "是"],
        ["门禁坏了", "小区门禁坏了半个月，外来人员随便进出，希望尽快修好。", "青禾花园社区", "", "", "否"],
        ["公园厕所晚上不开", "新桥公园的公共厕所晚上不开门，晚上散步的居民很不方便。", "新桥社区", "新桥公园", "", "是"],
        ["停车收费", "", "锦绣社区", "", "", "否"],
    ];

    /// <summary>Uploads the survey as 青禾街道's staff at <paramref name="at"/>, then runs its import to the end; returns the import's id.</summary>
    public async Task<string> RunAsync(DemoWorld world, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var flow = clock.BeginFlow(at);
        var file = Csv();
        var context = new DefaultHttpContext();
        context.Request.ContentType = "multipart/form-data; boundary=demo";
        context.Request.Form = new FormCollection(null, new FormFileCollection { new FormFile(new MemoryStream(file), 0, file.Length, "file", FileName) });
        var uploader = world.StaffOf(DemoPlaces.Towns[0]).User!;
        var upload = (await ImportEndpoints.UploadSurvey(context.Request, uploader, imports, triggerQueues, clock, cancellationToken)).Result;
        var id = upload is Accepted<ImportAccepted> { Value: { } accepted }
            ? accepted.ImportId
            : throw new InvalidOperationException($"The demo's survey upload was refused: {DemoResults.Describe(upload)}");

        // What the trigger runtime does with the upload's message, then with the chunks' messages it queues.
        flow.Set(at.AddSeconds(5));
        await DrainAsync<ImportSurveyFile>(ImportSurveyFile.QueueName, cancellationToken);
        flow.Set(at.AddSeconds(10));
        await DrainAsync<ImportSurveyChunk>(ImportSurveyChunk.QueueName, cancellationToken);
        return id;
    }

    /// <summary>The file as Excel users save it: UTF-8 with BOM, CRLF, quoted where a cell needs it.</summary>
    private static byte[] Csv()
    {
        static string Cell(string value) => value.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
        var text = new StringBuilder("标题,意见建议,社区,地址,联系电话,是否公开\r\n");
        foreach (var row in Survey)
        {
            text.Append(string.Join(',', row.Select(Cell))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private async Task DrainAsync<TFunction>(string queueName, CancellationToken cancellationToken)
        where TFunction : IQueueFunction
    {
        var queue = queues.GetQueueClient(queueName);
        foreach (var message in (await queue.ReceiveMessagesAsync(QueueLimits.MaxMessagesPerReceive, TimeSpan.FromMinutes(5), cancellationToken)).Value)
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = new QueueMessageContext(typeof(TFunction).Name, queueName, message.MessageText, message.MessageId, message.DequeueCount, message.InsertedOn);
            await scope.ServiceProvider.GetRequiredService<TFunction>().RunAsync(context, cancellationToken);
            await queue.TryDeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
    }
}
