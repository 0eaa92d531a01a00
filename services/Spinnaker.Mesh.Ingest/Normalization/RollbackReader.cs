using System.Text.Json;
using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// What a rollback stage rolls back and restores (<see cref="RollbackInfo"/>), from the keys Orca's rollback stages
/// write (orca-clouddriver, as of April 2025):
/// <list type="bullet">
/// <item><c>rollbackServerGroup</c> (<c>RollbackServerGroupStage</c>, <c>ExplicitRollback</c>,
/// <c>PreviousImageRollback</c>): <c>rollbackType</c> and <c>rollbackContext</c> {<c>rollbackServerGroupName</c>,
/// <c>restoreServerGroupName</c>, or for <c>PREVIOUS_IMAGE</c> <c>imageName</c>/<c>imageId</c>}.</item>
/// <item><c>rollbackCluster</c> (<c>RollbackClusterStage</c>, <c>DetermineRollbackCandidatesTask</c>), configured or
/// the synthetic <c>Rollback &lt;cluster&gt;</c> that <c>CreateServerGroupStage.onFailureStages</c> adds after a failed
/// deploy: <c>serverGroup</c> (the one to roll back), then per region in its outputs <c>rollbackTypes</c> and
/// <c>rollbackContexts</c>, and <c>imagesToRestore[]</c> {<c>region</c>, <c>image</c>} in its context. The first of
/// <c>regions</c> that has a rollback context is read.</item>
/// <item><c>undoRolloutManifest</c> (<c>UndoRolloutManifestStage</c>): <c>manifestName</c> (or <c>manifest.name</c>),
/// <c>numRevisionsBack</c>, <c>revision</c>; when only the count is configured, Clouddriver's
/// <c>KubernetesUndoRolloutManifestOperation</c> reports the revision it picked in its task history
/// ("Picked revision 41...").</item>
/// </list>
/// </summary>
internal static partial class RollbackReader
{
    public const string RollbackServerGroup = "rollbackServerGroup";
    public const string RollbackCluster = "rollbackCluster";
    public const string UndoRolloutManifest = "undoRolloutManifest";

    public static bool IsRollback(string? type) => type is RollbackServerGroup or RollbackCluster or UndoRolloutManifest;

    public static RollbackInfo? Read(string? type, JsonElement? context, JsonElement? outputs)
    {
        if (context is null) return null;
        var info = type switch
        {
            RollbackServerGroup => ServerGroup(context),
            RollbackCluster => Cluster(context, outputs),
            UndoRolloutManifest => Manifest(context),
            _ => null,
        };
        return info is null || info == Nothing ? null : info;
    }

    private static readonly RollbackInfo Nothing = new(null, null, null, null, null, null, null);

    private static RollbackInfo ServerGroup(JsonElement? context)
    {
        var rollback = context.Obj("rollbackContext");
        return new RollbackInfo(
            RollbackType: context.Str("rollbackType") ?? rollback.Str("rollbackType"),
            RolledBackServerGroup: rollback.Str("rollbackServerGroupName") ?? context.Prop("serverGroup").AsString(),
            RestoredServerGroup: rollback.Str("restoreServerGroupName") ?? context.Str("restoreServerGroupName")
                ?? context.Prop("targetServerGroup").AsString() ?? context.Obj("targetServerGroup").Str("name"),
            ManifestName: null,
            RevisionsBack: null,
            Revision: null,
            ImageId: rollback.Str("imageName") ?? rollback.Str("imageId"));
    }

    private static RollbackInfo Cluster(JsonElement? context, JsonElement? outputs)
    {
        var contexts = outputs.Obj("rollbackContexts") ?? context.Obj("rollbackContexts");
        var types = outputs.Obj("rollbackTypes") ?? context.Obj("rollbackTypes");
        var region = context.Strings("regions").Concat(context.Strings("region")).FirstOrDefault(r => contexts.Obj(r) is not null)
            ?? (contexts is { } all ? all.EnumerateObject().Select(p => p.Name).FirstOrDefault() : null);
        var chosen = region is null ? null : contexts.Obj(region);
        var image = context.Items("imagesToRestore").FirstOrDefault(i => region is null || i.Str("region") == region);
        return new RollbackInfo(
            RollbackType: region is null ? null : types.Str(region),
            RolledBackServerGroup: chosen.Str("rollbackServerGroupName") ?? context.Prop("serverGroup").AsString(),
            RestoredServerGroup: chosen.Str("restoreServerGroupName"),
            ManifestName: null,
            RevisionsBack: null,
            Revision: null,
            ImageId: chosen.Str("imageName") ?? chosen.Str("imageId")
                ?? (image.ValueKind == JsonValueKind.Object ? image.Str("image") : null));
    }

    private static RollbackInfo Manifest(JsonElement? context) => new(
        RollbackType: null,
        RolledBackServerGroup: null,
        RestoredServerGroup: null,
        ManifestName: context.Str("manifestName") ?? context.Str("manifest.name"),
        RevisionsBack: context.Int("numRevisionsBack"),
        Revision: context.Str("revision") ?? PickedRevision(context),
        ImageId: null);

    /// <summary>The revision Clouddriver's undo-rollout task said it picked, the last one it reported.</summary>
    private static string? PickedRevision(JsonElement? context)
    {
        string? revision = null;
        foreach (var task in context.Items("kato.tasks"))
            foreach (var entry in task.Items("history"))
            {
                var status = ((JsonElement?)entry).AsString() ?? ((JsonElement?)entry).Str("status");
                if (status is not null && RevisionPattern().Match(status) is { Success: true } m) revision = m.Groups[1].Value;
            }
        return revision;
    }

    [GeneratedRegex(@"(?:Picked revision|to revision)\s+(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex RevisionPattern();
}
