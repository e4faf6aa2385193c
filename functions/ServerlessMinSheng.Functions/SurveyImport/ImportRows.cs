using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.SurveyImport;

/// <summary>
/// Turns sheet rows into survey requests. The first row is the header; columns are found by name
/// (Chinese or English), so their order does not matter. Each bad row is rejected with its line and
/// reason; good rows go on.
/// </summary>
public static class ImportRows
{
    private static readonly Dictionary<string, string[]> Columns = new()
    {
        ["title"] = ["标题", "主题", "title"],
        ["description"] = ["内容", "意见", "意见建议", "诉求内容", "描述", "description", "content", "text"],
        ["community"] = ["社区", "社区名称", "所在社区", "村", "community", "communityid"],
        ["address"] = ["地址", "详细地址", "address"],
        ["phone"] = ["电话", "手机", "联系电话", "phone"],
        ["public"] = ["公开", "是否公开", "public", "ispublic"],
    };

    public static (IReadOnlyList<ImportRow> Rows, IReadOnlyList<RejectedRow> Rejected, string? Error) Map(IReadOnlyList<SheetRow> sheet, IReadOnlyList<Unit> communities)
    {
        if (sheet.Count == 0)
        {
            return ([], [], "文件是空的");
        }

        var header = sheet[0].Cells.Select(h => IntakeRules.Clean(h).ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal)).ToList();
        int Find(string column) => header.FindIndex(h => Columns[column].Contains(h));
        var (title, description, community, address, phone, isPublic) = (Find("title"), Find("description"), Find("community"), Find("address"), Find("phone"), Find("public"));
        if (description < 0 || community < 0)
        {
            return ([], [], $"第 {sheet[0].Line} 行应是表头，且至少包含“内容”和“社区”两列");
        }

        var towns = communities.ToDictionary(c => c.Id, c => c.ParentId ?? string.Empty, StringComparer.Ordinal);
        var rows = new List<ImportRow>();
        var rejected = new List<RejectedRow>();
        foreach (var row in sheet.Skip(1))
        {
            string Cell(int index) => index >= 0 && index < row.Cells.Count ? row.Cells[index] : string.Empty;
            var validation = new Validation();
            var (cleanTitle, cleanDescription, cleanAddress, cleanPhone) = IntakeRules.Check(validation, Cell(title), Cell(description), Cell(address), Cell(phone), titleFromDescription: true);
            var unit = IntakeRules.FindCommunity(communities, Cell(community), out var ambiguous);
            if (unit is null)
            {
                validation.Add("community", string.IsNullOrWhiteSpace(Cell(community)) ? "缺少社区" : ambiguous ? $"社区“{Cell(community)}”不唯一" : $"没有社区“{Cell(community)}”");
            }

            if (!validation.IsValid)
            {
                rejected.Add(new RejectedRow(row.Line, string.Join("；", validation.Errors.SelectMany(e => e.Value))));
                continue;
            }

            var publicCell = IntakeRules.Clean(Cell(isPublic)).ToLowerInvariant();
            rows.Add(new ImportRow(row.Line, cleanTitle, cleanDescription, unit!.Id, towns[unit.Id], cleanAddress, cleanPhone, publicCell is "是" or "公开" or "yes" or "true" or "1" or "y"));
        }

        return (rows, rejected, null);
    }
}
