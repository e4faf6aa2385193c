using ServerlessMinSheng.Functions.Intake;
using ServerlessMinSheng.Functions.Registry;
using ServerlessMinSheng.Functions.Security;

namespace ServerlessMinSheng.Functions.Partners;

/// <summary>
/// Validates each posted item on its own and stores the good ones; the partner gets one result per item.
/// A partner's own id maps to one tracking code forever, so posting it again returns that code.
/// </summary>
public sealed class PartnerIntake(IntakeService intake, UnitRegistry registry, TimeProvider time)
{
    public async Task<IReadOnlyList<PartnerItemResult>> SubmitAsync(string partnerId, IReadOnlyList<PartnerRequestInput?> items, CancellationToken cancellationToken)
    {
        var communities = await registry.ListAsync(UnitKind.Community, cancellationToken);
        var results = new PartnerItemResult[items.Count];
        var valid = new List<(int Index, IntakeItem Item)>();
        for (var i = 0; i < items.Count; i++)
        {
            var (item, errors) = Validate(partnerId, items[i], communities);
            if (item is null)
            {
                results[i] = new PartnerItemResult(i, items[i]?.PartnerRef, null, null, "invalid", errors);
            }
            else
            {
                valid.Add((i, item));
            }
        }

        // Each item has its own bucket (from the partner's id), so items succeed or fail on their own.
        await Parallel.ForEachAsync(valid, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (entry, token) =>
        {
            var outcome = (await intake.SubmitAsync(TrackingCode.BucketFor(entry.Item.SourceKey), [entry.Item], IntakeService.HashedCodes, token))[0];
            results[entry.Index] = new PartnerItemResult(entry.Index, entry.Item.Request.PartnerRef, outcome.Code, TrackingCode.Display(outcome.Code), outcome.Created ? "created" : "existing", null);
        });
        return results;
    }

    private (IntakeItem? Item, IReadOnlyDictionary<string, string[]> Errors) Validate(string partnerId, PartnerRequestInput? input, IReadOnlyList<Unit> communities)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        if (input is null)
        {
            Add("item", "每条诉求应是一个 JSON 对象");
            return (null, Freeze(errors));
        }

        var reference = IntakeRules.Clean(input.PartnerRef);
        if (reference.Length is 0 or > 64)
        {
            Add("partnerRef", "partnerRef 必填，最多 64 个字符");
        }

        var validation = new Validation();
        var (title, description, address, phone) = IntakeRules.Check(validation, input.Title, input.Description, input.Address, input.Phone, titleFromDescription: true);
        var community = IntakeRules.FindCommunity(communities, input.CommunityId ?? input.Community, out var ambiguous);
        if (community is null)
        {
            Add("communityId", ambiguous ? "社区名称不唯一，请改用 communityId" : "没有这个社区（communityId 或 community 名称）");
        }

        foreach (var (field, messages) in validation.Errors)
        {
            messages.ToList().ForEach(m => Add(field, m));
        }

        if (errors.Count > 0)
        {
            return (null, Freeze(errors));
        }

        var now = time.GetUtcNow();
        var received = input.ReceivedAt is { } at && at <= now && at > now.AddYears(-5) ? at : now;
        var request = new NewRequest(Channel.Partner, title, description, community!.Id, address, phone, input.IsPublic ?? false, received, PartnerId: partnerId, PartnerRef: reference);
        return (new IntakeItem($"partner|{partnerId}|{reference}", request, community.ParentId ?? string.Empty), Freeze(errors));
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
