namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>Managed pipeline template an execution was planned from (Orca's execution <c>source</c>).</summary>
/// <param name="Id">Template source id (v1, e.g. <c>spinnaker://my-template</c>); v2 executions do not carry it.</param>
/// <param name="Version">Schema version: <c>v1</c> or <c>v2</c>.</param>
public sealed record TemplateInfo(string? Id, string? Version);
