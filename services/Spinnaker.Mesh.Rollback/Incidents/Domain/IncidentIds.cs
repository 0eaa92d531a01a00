using System.Globalization;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>
/// Incident ids, stream keys and event ids, all derived (never random): the same execution observed again derives the
/// same incident and the same events, which the store then finds already appended.
/// </summary>
internal static class IncidentIds
{
    private static readonly Guid Incidents = new("3f0b9a4c-6d21-4e8f-b5a7-90c1d2e3f405");
    private static readonly Guid Events = new("8c2e41d7-5a93-4b06-9f18-e7d6c5b4a392");

    public const string StreamPrefix = "incident:";

    public static string StreamKey(string incidentId) => StreamPrefix + incidentId;

    /// <summary>The incident a failure opens: the pipeline, the execution and the failure's end.</summary>
    public static string Incident(PipelineIdentity pipeline, string executionId, DateTimeOffset failedAt) =>
        DeterministicId.FromParts(Incidents, pipeline.Tenant, pipeline.Key, executionId, Ms(failedAt)).ToString();

    public static Guid Opened(string tenant, string incidentId) => DeterministicId.FromParts(Events, tenant, incidentId, "opened");

    public static Guid Resolved(string tenant, string incidentId) => DeterministicId.FromParts(Events, tenant, incidentId, "resolved");

    public static Guid Joined(string tenant, string incidentId, string executionId, DateTimeOffset failedAt) =>
        DeterministicId.FromParts(Events, tenant, incidentId, "joined", executionId, Ms(failedAt));

    private static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
