namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>
/// What a rollback stage says it rolls back and restores, read from its context (echo.md §5 "Rollback"):
/// <c>rollbackServerGroup</c> (<c>rollbackType</c>, <c>rollbackContext</c>), <c>rollbackCluster</c> (including the
/// synthetic <c>Rollback &lt;cluster&gt;</c> stage Orca adds after a failed deploy) and Kubernetes
/// <c>undoRolloutManifest</c> (<c>manifestName</c>, <c>location</c>, <c>numRevisionsBack</c>).
/// </summary>
/// <param name="RollbackType"><c>EXPLICIT</c>, <c>PREVIOUS_IMAGE</c>, <c>TEST</c> for server-group rollbacks, when stated.</param>
/// <param name="RolledBackServerGroup">The server group taken out of service (<c>rollbackContext.rollbackServerGroupName</c>).</param>
/// <param name="RestoredServerGroup">The server group put back (<c>rollbackContext.restoreServerGroupName</c>).</param>
/// <param name="ManifestName">For a manifest rollback: the manifest, e.g. <c>deployment checkout-api</c>.</param>
/// <param name="RevisionsBack">For a manifest rollback: how many revisions back it went (<c>numRevisionsBack</c>).</param>
/// <param name="Revision">For a manifest rollback to a named revision: that revision.</param>
/// <param name="ImageId">For <c>PREVIOUS_IMAGE</c>: the image the rollback redeploys (<c>rollbackContext.imageName</c> or <c>imageId</c>).</param>
public sealed record RollbackInfo(
    string? RollbackType,
    string? RolledBackServerGroup,
    string? RestoredServerGroup,
    string? ManifestName,
    int? RevisionsBack,
    string? Revision,
    string? ImageId);
