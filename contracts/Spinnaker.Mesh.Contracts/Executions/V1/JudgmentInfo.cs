namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>A manual judgment's decision.</summary>
/// <param name="Status"><c>continue</c> or <c>stop</c> (lower-cased).</param>
/// <param name="Input">The option the judge chose, if the stage offered options.</param>
/// <param name="JudgedBy">Who judged (<c>lastModified.user</c>, else <c>lastModifiedBy</c>).</param>
/// <param name="JudgedAt">When the decision was recorded (UTC), if known.</param>
public sealed record JudgmentInfo(string Status, string? Input, string? JudgedBy, DateTimeOffset? JudgedAt);
