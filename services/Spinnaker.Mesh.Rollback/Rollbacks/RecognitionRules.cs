using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>A policy's rollback pipeline: where it lives, and the application whose clusters it rolls back.</summary>
internal sealed record PolicyPipeline(string PipelineApplication, string PipelineNameOrId, string RolledBackApplication);

/// <summary>An execution is a rollback pipeline; <see cref="Application"/> is the application it rolls back.</summary>
internal sealed record RollbackPipelineMatch(string Application, bool ByPolicy);

/// <summary>
/// Which executions are rollback pipelines: those a tenant's policies name as their <c>rollbackPipeline</c> (by name or
/// config id, in that pipeline's application; the rolled-back application is the policy's), then those whose name
/// matches <see cref="RecognitionOptions.PipelineNamePattern"/>.
/// </summary>
internal sealed class RecognitionRules(Regex pipelineNames, IReadOnlyList<PolicyPipeline> policyPipelines)
{
    public static RecognitionRules ByName(Regex pipelineNames) => new(pipelineNames, []);

    public RollbackPipelineMatch? MatchPipeline(ExecutionInfo execution)
    {
        foreach (var policy in policyPipelines)
        {
            if (!string.Equals(policy.PipelineApplication, execution.Application, StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(policy.PipelineNameOrId, execution.PipelineName, StringComparison.Ordinal)
                || string.Equals(policy.PipelineNameOrId, execution.PipelineConfigId, StringComparison.OrdinalIgnoreCase))
                return new RollbackPipelineMatch(policy.RolledBackApplication, ByPolicy: true);
        }
        return execution.PipelineName is { } name && execution.ExecutionType == "PIPELINE" && pipelineNames.IsMatch(name)
            ? new RollbackPipelineMatch(execution.Application, ByPolicy: false)
            : null;
    }

    /// <summary>
    /// The rules for <paramref name="tenant"/>: the name pattern, and the rollback pipelines of its policies when a
    /// policy store is registered (without one, names alone decide).
    /// </summary>
    public static async Task<RecognitionRules> LoadAsync(Regex pipelineNames, IRollbackPolicies? policies, string tenant, CancellationToken ct)
    {
        if (policies is null) return ByName(pipelineNames);
        var listed = await policies.ListAsync(tenant, ct);
        return new RecognitionRules(pipelineNames, [.. listed
            .Where(p => !string.IsNullOrWhiteSpace(p.RollbackPipeline.PipelineNameOrId))
            .Select(p => new PolicyPipeline(
                string.IsNullOrWhiteSpace(p.RollbackPipeline.Application) ? p.Application : p.RollbackPipeline.Application,
                p.RollbackPipeline.PipelineNameOrId, p.Application))]);
    }
}
