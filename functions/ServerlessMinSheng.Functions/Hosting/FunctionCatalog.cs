using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// Every function of the app: the queue and timer functions registered in DI, and every endpoint mapped
/// under <c>/api</c> (an HTTP function, named by its endpoint name). Names are checked once, here.
/// </summary>
public sealed partial class FunctionCatalog
{
    private const string ApiPrefix = "api/";
    private readonly Lazy<IReadOnlyList<FunctionDefinition>> _all;
    private ICollection<EndpointDataSource>? _endpoints;

    public FunctionCatalog(IEnumerable<FunctionDefinition> triggered)
    {
        Triggered = triggered.ToList();
        _all = new Lazy<IReadOnlyList<FunctionDefinition>>(() => Validate([.. Triggered, .. HttpFunctions(
            _endpoints ?? throw new InvalidOperationException("The app's endpoints are not attached yet; MapFunctionsHosting attaches them."))]));
    }

    public FunctionCatalog(IEnumerable<FunctionDefinition> triggered, ICollection<EndpointDataSource> endpoints)
        : this(triggered) => _endpoints = endpoints;

    /// <summary>Queue- and timer-triggered functions.</summary>
    public IReadOnlyList<FunctionDefinition> Triggered { get; }

    public IReadOnlyList<FunctionDefinition> All => _all.Value;

    /// <summary>The app's endpoint sources (a live collection: endpoints mapped before the first look count too).</summary>
    public void AttachEndpoints(ICollection<EndpointDataSource> endpoints) => _endpoints = endpoints;

    public FunctionDefinition? FindTriggered(string name) =>
        Triggered.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<FunctionDefinition> HttpFunctions(ICollection<EndpointDataSource> sources)
    {
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? string.Empty;
            if (!route.StartsWith(ApiPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                ?? throw new InvalidOperationException($"The endpoint '{endpoint.DisplayName}' under /api has no name; give it .WithName(nameof(...)) so it can be deployed as a function.");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Select(m => m.ToLowerInvariant()).ToList() ?? [];
            yield return new FunctionDefinition(name, new HttpFunctionTrigger(methods, route[ApiPrefix.Length..]));
        }
    }

    private static List<FunctionDefinition> Validate(List<FunctionDefinition> functions)
    {
        var problems = new List<string>();
        problems.AddRange(functions.Where(f => !NamePattern().IsMatch(f.Name)).Select(f => $"'{f.Name}' is not a valid function name (a letter, then letters, digits, '_' or '-', at most 127)."));
        problems.AddRange(functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"The function name '{g.Key}' is used {g.Count()} times."));
        problems.AddRange(functions.Where(f => f.Trigger is QueueFunctionTrigger).GroupBy(f => ((QueueFunctionTrigger)f.Trigger).QueueName).Where(g => g.Count() > 1)
            .Select(g => $"Queue '{g.Key}' triggers {string.Join(" and ", g.Select(f => f.Name))}; one queue feeds one function."));
        return problems.Count == 0 ? functions : throw new InvalidOperationException("The function declarations are invalid:\n" + string.Join('\n', problems));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,126}$")]
    private static partial Regex NamePattern();
}

/// <summary>Validates every function declaration when the app starts, so a bad one stops it before it serves anything.</summary>
internal sealed class FunctionCatalogCheck(FunctionCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = catalog.All;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
