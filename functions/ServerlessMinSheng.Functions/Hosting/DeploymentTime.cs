using System.Globalization;
using Microsoft.Extensions.Options;

namespace ServerlessMinSheng.Functions.Hosting;

/// <summary>
/// Calendar questions in the deployment's own time zone (Functions:TimeZone, default Asia/Shanghai):
/// a request received at 23:59 on 31 March counts in March, whatever UTC says.
/// </summary>
public sealed class DeploymentTime(IOptions<FunctionsHostOptions> options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset Now => time.GetUtcNow();

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);

    /// <summary>"2026-11" for an instant in November, local time.</summary>
    public string Month(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
