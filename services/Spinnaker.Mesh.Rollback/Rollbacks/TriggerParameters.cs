using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// Pipeline parameters that say what a rollback pipeline targets, by the names rollback pipelines commonly give them
/// (and the placeholders of Mesh's policies fill: <c>${cluster}</c>, <c>${fromVersion}</c>, ...), compared
/// case-insensitively. Used only where the stages did not say it.
/// </summary>
internal static class TriggerParameters
{
    public static readonly string[] Cluster = ["cluster", "clusterName", "manifest", "manifestName"];
    public static readonly string[] Account = ["account", "credentials", "accountName"];
    public static readonly string[] Region = ["region"];
    public static readonly string[] Namespace = ["namespace"];
    public static readonly string[] FromVersion = ["fromVersion", "rolledBackVersion", "currentVersion", "failedVersion", "badVersion"];
    public static readonly string[] ToVersion = ["toVersion", "targetVersion", "restoreVersion", "rollbackVersion", "goodVersion", "version", "imageTag", "tag"];
    public static readonly string[] Reason = ["meshReason", "reason", "rollbackReason"];

    /// <summary>The first non-blank value among <paramref name="names"/>, in their order.</summary>
    public static string? First(TriggerInfo? trigger, params string[] names)
    {
        if (trigger?.Parameters is not { Count: > 0 } parameters) return null;
        foreach (var name in names)
            foreach (var (key, value) in parameters)
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return null;
    }
}
