using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>The decision id of a snapshot.</summary>
internal static class DecisionIds
{
    private static readonly string Prefix = DecisionStreams.StreamKey("");

    /// <summary>
    /// Marten gives an inline snapshot its stream's key as id (<c>rollback-decision:{decisionId}</c>), over what the
    /// events set: the decision id is the key without the prefix (or the id itself, should the snapshot ever carry it).
    /// </summary>
    public static string Of(RollbackDecision decision) =>
        decision.Id.StartsWith(Prefix, StringComparison.Ordinal) ? decision.Id[Prefix.Length..] : decision.Id;
}
