using System.Globalization;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// Rollback policies from configuration only (<c>Mesh:Rollback:Policies:{application}</c>, every tenant): what the
/// decisions read when no other <see cref="IRollbackPolicies"/> is registered. Registered with <c>TryAdd</c>, so the
/// policies store (stored policies first, configured ones as fallback) replaces it wherever it is registered.
/// Keys: <c>Enabled</c> (default true), <c>Mode</c> (default <c>confirm</c>), <c>Triggers:0..</c>,
/// <c>RollbackPipeline:Application</c> (default the application), <c>RollbackPipeline:PipelineNameOrId</c>,
/// <c>RollbackPipeline:Parameters:{name}</c>, <c>CooldownMinutes</c> (default 30).
/// </summary>
internal sealed class ConfiguredPoliciesFallback(IConfiguration configuration) : IRollbackPolicies
{
    public const string Section = "Mesh:Rollback:Policies";
    public const int DefaultCooldownMinutes = 30;

    public Task<RollbackPolicy?> FindAsync(string tenant, string application, CancellationToken cancellationToken) =>
        Task.FromResult(All().FirstOrDefault(p => string.Equals(p.Application, application, StringComparison.OrdinalIgnoreCase)));

    public Task<IReadOnlyList<RollbackPolicy>> ListAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RollbackPolicy>>([.. All().OrderBy(p => p.Application, StringComparer.Ordinal)]);

    // Read on every call: configuration reloads (a mounted ConfigMap) take effect without a restart.
    private IEnumerable<RollbackPolicy> All() => configuration.GetSection(Section).GetChildren().Select(Read);

    private static RollbackPolicy Read(IConfigurationSection policy)
    {
        var pipeline = policy.GetSection("RollbackPipeline");
        return new RollbackPolicy(
            policy.Key,
            Bool(policy["Enabled"]) ?? true,
            policy["Mode"] is { Length: > 0 } mode ? mode.Trim() : RollbackModes.Confirm,
            [.. policy.GetSection("Triggers").GetChildren().Select(t => t.Value).OfType<string>().Where(t => t.Length > 0)],
            new RollbackPipelineReference(
                pipeline["Application"] is { Length: > 0 } application ? application : policy.Key,
                pipeline["PipelineNameOrId"] ?? "",
                pipeline.GetSection("Parameters").GetChildren().Where(p => p.Value is not null)
                    .ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal)),
            int.TryParse(policy["CooldownMinutes"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes) ? minutes : DefaultCooldownMinutes);
    }

    private static bool? Bool(string? value) => bool.TryParse(value, out var b) ? b : null;
}
