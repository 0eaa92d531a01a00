namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary><c>GET /api/executions</c>: newest first.</summary>
internal sealed record ExecutionList(IReadOnlyList<ExecutionSummary> Executions);

/// <summary><c>GET /api/regressions</c>: newest first.</summary>
internal sealed record RegressionList(IReadOnlyList<RegressionSummary> Regressions);
