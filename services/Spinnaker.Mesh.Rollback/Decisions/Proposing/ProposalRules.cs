using System.Globalization;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;
using Spinnaker.Mesh.Rollback.Signals;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// What a signal that matched its policy becomes: not actionable (with the reason) when the blamed deployment did not
/// change its target, when no known-good version exists to return to, when the policy names no rollback pipeline, or
/// while the application/cluster cools down; else a proposal, approved at once by an <c>auto</c> policy.
/// </summary>
internal static class ProposalRules
{
    /// <summary>The first steps of the decision's stream, in order.</summary>
    public static IReadOnlyList<object> Decide(
        string decisionId, RollbackSignal signal, RollbackPolicy policy, Deployment? knownGood, Cooldown.Holder? cooldown, DateTimeOffset now)
    {
        var blamed = signal.Blamed;
        var target = new RollbackTarget(blamed?.ExecutionId, signal.TargetCluster, blamed?.Target.Account, blamed?.Target.Region,
            blamed?.Target.Namespace, blamed?.Version, knownGood?.Version);
        var cluster = signal.TargetCluster ?? "the cluster";

        string? notActionable = null;
        if (blamed is null)
            notActionable = $"nothing deployed: no deployment of {cluster} is known ({signal.Summary})";
        else if (!blamed.Reached)
            notActionable = $"no deploy stage reached {cluster}: execution {blamed.ExecutionId} deployed nothing there ({signal.Summary})";
        else if (knownGood is null)
            notActionable = $"no known-good version of {blamed.Target.Describe()} to return to: no succeeded execution deployed another version " +
                            $"there before {Version(blamed.Version)} ({signal.Summary})";
        else if (string.IsNullOrWhiteSpace(policy.RollbackPipeline.PipelineNameOrId))
            notActionable = $"the rollback policy of {policy.Application} names no rollback pipeline ({signal.Summary})";
        else if (cooldown is not null)
            notActionable = $"cooldown: decision {cooldown.DecisionId} was {cooldown.Step} on {cluster} at {Time(cooldown.At)}, " +
                            $"within the policy's {policy.CooldownMinutes} minutes ({signal.Summary})";

        if (notActionable is not null)
            return
            [
                new RollbackNotActionable(DecisionIds.Step(signal.Tenant, decisionId, "not-actionable"), decisionId, signal.Tenant, signal.Application,
                    signal.Trigger, signal.SignalId, notActionable, target, now),
            ];

        var mode = string.Equals(policy.Mode, RollbackModes.Auto, StringComparison.OrdinalIgnoreCase) ? RollbackModes.Auto : RollbackModes.Confirm;
        var reason = $"{signal.Summary}; roll {blamed!.Target.Describe()} back from {Version(target.FromVersion)} to {Version(target.ToVersion)}";
        var proposed = new RollbackProposed(DecisionIds.Step(signal.Tenant, decisionId, "proposed"), decisionId, signal.Tenant, signal.Application,
            signal.Trigger, signal.SignalId, reason, target, mode, policy.RollbackPipeline.Application, policy.RollbackPipeline.PipelineNameOrId,
            PolicyParameters.Fill(policy.RollbackPipeline.Parameters, target, executionId: null), now);
        if (mode != RollbackModes.Auto) return [proposed];
        return
        [
            proposed,
            new RollbackApproved(DecisionIds.Step(signal.Tenant, decisionId, "approved"), decisionId, signal.Tenant, signal.Application,
                ApprovedByPolicy, $"auto mode: approved by the rollback policy of {policy.Application}", now),
        ];
    }

    /// <summary>Who approved a proposal of an <c>auto</c> policy.</summary>
    public const string ApprovedByPolicy = "policy";

    private static string Version(string? version) => version is null ? "an unknown version" : version;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
