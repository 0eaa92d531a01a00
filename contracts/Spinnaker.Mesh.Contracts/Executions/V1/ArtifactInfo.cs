namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>A kork artifact as Orca carries it (<c>type</c>, <c>name</c>, <c>version</c>, <c>reference</c>, <c>metadata</c>).</summary>
/// <param name="Type">Artifact type, e.g. <c>docker/image</c>, <c>kubernetes/deployment</c>, <c>git/repo</c>.</param>
/// <param name="Name">Artifact name, e.g. <c>gcr.io/acme/checkout</c>.</param>
/// <param name="Version">Version, e.g. an image tag or a manifest revision.</param>
/// <param name="Reference">Full reference, e.g. <c>gcr.io/acme/checkout:1.4.2</c>.</param>
/// <param name="Metadata">Metadata values as text (e.g. <c>sha</c>, <c>account</c>).</param>
public sealed record ArtifactInfo(string Type, string? Name, string? Version, string? Reference, IReadOnlyDictionary<string, string> Metadata);

/// <summary>One source revision of a CI build (<c>trigger.buildInfo.scm[]</c>).</summary>
/// <param name="Sha1">Commit sha.</param>
/// <param name="Branch">Branch the build ran on, when stated.</param>
public sealed record ScmInfo(string Sha1, string? Branch);
