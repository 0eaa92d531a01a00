namespace Spinnaker.Mesh.CanaryJudge.MannWhitney;

/// <summary>The rank-sum interval cannot be computed (for example every observation is tied).</summary>
public sealed class MannWhitneyException(string message) : Exception(message);
