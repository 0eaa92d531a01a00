using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// Decision and step ids, derived (<see cref="DeterministicId"/>) so that a redelivered signal or a repeated step
/// carries the id it had the first time.
/// </summary>
internal static class DecisionIds
{
    /// <summary>Namespace of the rollback decisions' ids; never change it (stored ids derive from it).</summary>
    private static readonly Guid Namespace = new("5d0b7a52-93c1-4f0e-9a8e-3c7b1f2e6a41");

    /// <summary>The decision a signal leads to: one per tenant, trigger and signal.</summary>
    public static string Decision(string tenant, string trigger, string signalId) =>
        DeterministicId.FromParts(Namespace, tenant, trigger, signalId).ToString("D");

    /// <summary>The event id (and MessageId) of a decision's step: <c>proposed</c>, <c>not-actionable</c>, <c>approved</c>, <c>rejected</c>.</summary>
    public static Guid Step(string tenant, string decisionId, string step) => DeterministicId.FromParts(Namespace, tenant, decisionId, step);
}
