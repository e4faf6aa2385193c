using ServerlessMinSheng.Functions.Intake;

namespace ServerlessMinSheng.Functions.Demo;

/// <summary>
/// Decides the demo's requests: what residents ask, where, through which channel, and how each one's
/// story goes. Deterministic for a seed. Most requests are closed and rated over the whole period, their
/// units getting better month by month (as Beijing's rankings made them) so the rankings show a trend;
/// a fixed number stop in each open state near the end, so every page has something to show.
/// </summary>
public sealed class DemoRequestPlanner(DateTimeOffset end, int days, TimeZoneInfo zone, int seed)
{
    /// <summary>How many requests stop in each open state at the end of the demo.</summary>
    public static readonly IReadOnlyDictionary<DemoRequestFate, int> OpenCounts = new Dictionary<DemoRequestFate, int>
    {
        [DemoRequestFate.AwaitingReview] = 12,
        [DemoRequestFate.AwaitingDispatch] = 5,
        [DemoRequestFate.Returned] = 3,
        [DemoRequestFate.AwaitingSign] = 4,
        [DemoRequestFate.SignEscalated1] = 3,
        [DemoRequestFate.SignEscalated2] = 3,
        [DemoRequestFate.InProgress] = 8,
        [DemoRequestFate.ReplyEscalated] = 3,
        [DemoRequestFate.AwaitingRating] = 10,
    };

    public const int ClosedRequests = 196;
    public const int Duplicates = 8;

    private readonly DemoDice _dice = new(seed, zone, end);
    private readonly DateTimeOffset _start = end.AddDays(-days);
    private readonly List<DemoRequestPlan> _plans = [];
    private int _created;

    public IReadOnlyList<DemoRequestPlan> Plan(IReadOnlyList<DemoProject> projects)
    {
        foreach (var project in projects)
        {
            for (var i = 0; i < project.Requests.Length; i++)
            {
                var community = DemoPlaces.Communities.First(c => c.Key == project.Communities[i % project.Communities.Length]);
                var received = Daytime(end.AddDays(Math.Max(-days + 0.5, project.ProposeDay - Between(2, 15))));
                var plan = Create(community, null, project.Requests[i].Title, project.Requests[i].Description, received, DemoRequestFate.Merged, project: project.Key);
                plan.ReviewAt = Office(received.AddHours(Between(0.3, 3)));
                _plans.Add(plan);
            }
        }

        foreach (var (fate, count) in OpenCounts)
        {
            for (var i = 0; i < count; i++)
            {
                PlanOpen(fate, i);
            }
        }

        for (var i = 0; i < ClosedRequests; i++)
        {
            PlanClosed(_dice.Chance(0.14) ? DemoRequestFate.Unrated : DemoRequestFate.Rated);
        }

        var originals = _plans.Where(p => p.Fate == DemoRequestFate.Rated && p.Kind!.Description.Contains('{', StringComparison.Ordinal)).ToList();
        for (var i = 0; i < Duplicates; i++)
        {
            var original = _dice.Pick(originals);
            var received = original.ReceivedAt.AddHours(Between(3, 40));
            var plan = Create(original.Community, original.Kind, original.Title, Pick(["又来反映：", "同样的问题：", "再次反映，"]) + original.Description, received, DemoRequestFate.Duplicate, duplicateOf: original);
            _plans.Add(plan);
            plan.ReviewAt = Office(received.AddHours(Between(0.3, 2)));
            plan.DispatchAt = plan.ReviewAt.AddMinutes(Between(5, 30));
        }

        return _plans.OrderBy(p => p.ReceivedAt).ToList();
    }

    private void PlanClosed(DemoRequestFate fate)
    {
        while (true)
        {
            var received = Daytime(_start.AddDays(Volume() * (days - 5)));
            var plan = NewRequest(received, fate);
            Forward(plan);
            if (fate == DemoRequestFate.Rated ? plan.RateAt < end.AddHours(-1) : plan.ReplyAt.AddDays(7.2) < end)
            {
                _plans.Add(plan);
                return;
            }
        }
    }

    /// <summary>Requests still open at the end: planned backwards from when their last step happened.</summary>
    private void PlanOpen(DemoRequestFate fate, int index)
    {
        var kind = fate == DemoRequestFate.ReplyEscalated ? PickKind(end, grade: "C") : PickKind(end);
        DateTimeOffset Hours(double from, double to) => end.AddHours(-Between(from, to));
        var dispatch = fate switch
        {
            DemoRequestFate.AwaitingSign => Hours(10 / 60.0, 100 / 60.0),
            DemoRequestFate.SignEscalated1 => Hours(2.35, 3.6),
            DemoRequestFate.SignEscalated2 => Hours(5, 30),
            DemoRequestFate.InProgress => kind.Grade == "C" ? Hours(2, 20) : Hours(26, 130),
            DemoRequestFate.ReplyEscalated => index == 0 ? end.AddHours(-25.6) : Hours(30, 60),
            DemoRequestFate.AwaitingRating => Hours(6, 150),
            _ => Hours(8, 48),
        };
        var received = dispatch.AddHours(-Between(0.6, 3.5));
        var plan = NewRequest(received, fate, kind);
        plan.ReviewAt = received.AddHours(Between(0.3, 0.5));
        plan.DispatchAt = dispatch;
        plan.SignAt = dispatch.AddMinutes(Between(8, 80));
        if (fate == DemoRequestFate.Returned)
        {
            plan.WrongHandler = WrongHandlerFor(plan.Handler);
            plan.ReturnAt = dispatch.AddMinutes(Between(20, 90));
        }
        else if (fate == DemoRequestFate.AwaitingRating)
        {
            plan.ReplyAt = Min(plan.SignAt.AddHours(kind.Grade == "C" ? Between(2, 18) : Between(20, 100)), end.AddHours(-0.5));
        }

        if (fate is DemoRequestFate.InProgress or DemoRequestFate.ReplyEscalated)
        {
            // Signed then: planned from the sign, which came shortly after the dispatch.
            plan.SignAt = dispatch.AddMinutes(Between(8, 40));
        }

        _plans.Add(plan);
    }

    /// <summary>A closed request's steps, forward from its arrival; how well its unit works (which improves over the period) decides how it goes.</summary>
    private void Forward(DemoRequestPlan plan)
    {
        plan.ReviewAt = Office(plan.ReceivedAt.AddHours(Between(0.3, 3)));
        plan.DispatchAt = plan.ReviewAt.AddMinutes(Between(5, 40));
        var quality = Quality(plan, plan.DispatchAt);
        if (_dice.Chance(0.05))
        {
            plan.WrongHandler = WrongHandlerFor(plan.Handler);
            plan.ReturnAt = plan.DispatchAt.AddMinutes(Between(20, 100));
            plan.RedispatchAt = Office(plan.ReturnAt.AddMinutes(Between(30, 150)));
        }

        var dispatched = plan.WrongHandler is null ? plan.DispatchAt : plan.RedispatchAt;
        var onTime = _dice.Chance(0.55 + (0.45 * quality));
        plan.SignAt = dispatched.AddMinutes(onTime ? Between(5, 100) : _dice.Chance(0.6) ? Between(130, 230) : Between(260, 600));
        var replyOnTime = _dice.Chance(0.85 + (0.15 * quality));
        plan.ReplyAt = plan.SignAt.AddHours(plan.Grade == "C" ? (replyOnTime ? Between(2, 20) : Between(24.5, 30)) : Between(24, 140));
        var solved = _dice.Chance(0.45 + (0.5 * quality));
        plan.Outcome = solved ? "resolved" : _dice.Chance(0.5) ? "explained" : "unresolved";
        plan.Resolved = _dice.Chance(plan.Outcome switch { "resolved" => 0.93, "explained" => 0.35, _ => 0.1 });
        var satisfied = plan.Resolved ? 0.5 + (0.4 * quality) : 0.08;
        var basically = plan.Resolved ? (1 - satisfied) * 0.8 : 0.25 + (0.3 * quality);
        var roll = _dice.Next();
        plan.Satisfaction = roll < satisfied ? "satisfied" : roll < satisfied + basically ? "basically_satisfied" : "unsatisfied";
        plan.Comment = EmptyToNull(Pick(plan.Satisfaction switch
        {
            "satisfied" => DemoRequestTexts.Satisfied,
            "basically_satisfied" => DemoRequestTexts.BasicallySatisfied,
            _ => DemoRequestTexts.Unsatisfied,
        }));
        plan.RateAt = plan.ReplyAt.AddHours(Between(3, 72));
    }

    private DemoRequestPlan NewRequest(DateTimeOffset received, DemoRequestFate fate, DemoRequestKind? kind = null)
    {
        kind ??= PickKind(received);
        var community = Pick(DemoPlaces.Communities.ToArray());
        var road = _dice.Next(0, community.Roads.Length);
        var slots = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{road}"] = community.Roads[road],
            ["{road2}"] = community.Roads[(road + 1) % community.Roads.Length],
            ["{spot}"] = Pick(community.Spots),
            ["{bldg}"] = $"{_dice.Next(1, 19)}号楼{(_dice.Chance(0.6) ? $"{_dice.Next(1, 5)}单元" : string.Empty)}",
            ["{days}"] = Pick(DemoRequestTexts.Days),
            ["{community}"] = community.Name,
        };
        string Fill(string text) => slots.Aggregate(text, (t, slot) => t.Replace(slot.Key, slot.Value, StringComparison.Ordinal));
        return Create(community, kind, Fill(kind.Title), Fill(kind.Description), received, fate, address: kind.Description.Contains("{bldg}", StringComparison.Ordinal) ? community.Name + slots["{bldg}"] : null);
    }

    private DemoRequestPlan Create(DemoCommunity community, DemoRequestKind? kind, string title, string description, DateTimeOffset received, DemoRequestFate fate, string? project = null, DemoRequestPlan? duplicateOf = null, string? address = null)
    {
        var roll = _dice.Next();
        var (channel, partner) = roll switch
        {
            < 0.4 => (Channel.Web, (string?)null),
            < 0.7 => (Channel.Partner, DemoPlaces.Partners[0].Id),
            < 0.8 => (Channel.Partner, DemoPlaces.Partners[1].Id),
            < 0.9 => (Channel.Phone, null),
            < 0.95 => (Channel.Visit, null),
            _ => (Channel.Meeting, null),
        };
        var plan = new DemoRequestPlan
        {
            Number = ++_created,
            Community = community,
            Kind = kind,
            Title = title,
            Description = description,
            Address = address,
            Phone = channel is Channel.Partner or Channel.Phone || _dice.Chance(0.5) ? $"1{Pick(["35", "38", "39", "58", "86", "89"])}{_dice.Next(0, 100_000_000):D8}" : null,
            IsPublic = _dice.Chance(0.65),
            Channel = channel,
            PartnerId = partner,
            ReceivedAt = received,
            Fate = fate,
            Project = project,
            DuplicateOf = duplicateOf,
        };
        return plan;
    }

    private DemoRequestKind PickKind(DateTimeOffset at, string? grade = null)
    {
        var local = _dice.Local(at);
        var winter = local.Month is 11 or 12 or 1 or 2 or 3 && !(local.Month == 11 && local.Day < 5);
        if (winter && grade is null && _dice.Chance(0.15))
        {
            return DemoRequestTexts.Kinds.First(k => k.Winter);
        }

        var kinds = DemoRequestTexts.Kinds.Where(k => !k.Winter && (grade is null || k.Grade == grade)).ToArray();
        return Pick(kinds);
    }

    /// <summary>How well the request's unit works at that time, 0–1: its base, better as the months go by.</summary>
    private double Quality(DemoRequestPlan plan, DateTimeOffset at)
    {
        var progress = Math.Clamp((at - _start).TotalDays / days, 0, 1);
        var handler = plan.Handler;
        var unit = handler == "community" ? plan.Community.Quality
            : handler == "town" ? DemoPlaces.TownOf(plan.Community).Quality
            : DemoPlaces.Departments.First(d => d.Key == handler["dept:".Length..]).Quality;
        return Math.Clamp(unit - 0.15 + (0.3 * progress), 0.2, 0.97);
    }

    private static string WrongHandlerFor(string handler) => handler == "community" ? "dept:chengjian" : "community";

    private DateTimeOffset Office(DateTimeOffset at) => _dice.Office(at);

    private DateTimeOffset Daytime(DateTimeOffset at) => _dice.Daytime(at);

    private double Volume() => _dice.Volume();

    private double Between(double from, double to) => _dice.Between(from, to);

    private T Pick<T>(IReadOnlyList<T> items) => _dice.Pick(items);

    private static string? EmptyToNull(string text) => text.Length == 0 ? null : text;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
