using System.Text.Json;
using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// What a deploy or rollback stage put into (or back into) an account, read from the keys Orca leaves in its context
/// and outputs (see the Echo fixtures): for DORA's deployed version and rollbacks (dora.md §3.2, §3.4).
/// <list type="bullet">
/// <item>Manifest deploys (<c>deployManifest</c> and other <c>deploy*</c> types): the container images of
/// <c>manifests[]</c> and <c>outputs.manifests</c>, then the artifacts of <c>artifacts</c>, <c>requiredArtifacts</c>,
/// <c>optionalArtifacts</c>, <c>outputs.boundArtifacts</c> and <c>outputs.createdArtifacts</c>.</item>
/// <item>Server-group deploys (<c>deploy</c>, <c>createServerGroup</c>, <c>cloneServerGroup</c>): each baked image of
/// <c>deploymentDetails[]</c>, and <c>amiName</c>/<c>imageId</c>, as <c>&lt;provider&gt;/image</c> artifacts.</item>
/// <item><c>rollbackServerGroup</c>: the server group it restores, as a <c>spinnaker/server-group</c> artifact.</item>
/// <item><c>undoRolloutManifest</c>: the manifest it rolled back, with <c>numRevisionsBack</c> or the target <c>revision</c>.</item>
/// </list>
/// </summary>
internal static partial class StageArtifacts
{
    public static IReadOnlyList<ArtifactInfo>? Read(string? type, JsonElement? context, JsonElement? outputs)
    {
        if (type is null || context is null) return null;
        var artifacts = new ArtifactSet();
        switch (type)
        {
            case "rollbackServerGroup":
                artifacts.Add(RestoredServerGroup(context));
                break;
            case "undoRolloutManifest":
                artifacts.Add(UndoneRollout(context));
                break;
            case "deploy" or "createServerGroup" or "cloneServerGroup":
                AddBakedImages(artifacts, context);
                AddBound(artifacts, context, outputs);
                break;
            default:
                if (!type.StartsWith("deploy", StringComparison.OrdinalIgnoreCase)) return null;
                foreach (var manifest in context.Items("manifests")) AddImages(artifacts, manifest);
                foreach (var manifest in Both(context, outputs, "outputs.manifests")) AddImages(artifacts, manifest);
                AddBound(artifacts, context, outputs);
                break;
        }
        return artifacts.ToListOrNull();
    }

    private static void AddBound(ArtifactSet artifacts, JsonElement? context, JsonElement? outputs)
    {
        artifacts.AddBound(context.Items("artifacts"));
        artifacts.AddBound(context.Items("requiredArtifacts"));
        artifacts.AddBound(context.Items("optionalArtifacts"));
        artifacts.AddBound(Both(context, outputs, "outputs.boundArtifacts"));
        artifacts.AddBound(Both(context, outputs, "outputs.createdArtifacts"));
    }

    /// <summary>Orca copies task outputs into the context and into the stage's outputs: read both, the set drops repeats.</summary>
    private static IEnumerable<JsonElement> Both(JsonElement? context, JsonElement? outputs, string name) =>
        context.Items(name).Concat(outputs.Items(name));

    /// <summary>Images of a workload's pod template (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job), a Pod, or a CronJob.</summary>
    private static void AddImages(ArtifactSet artifacts, JsonElement manifest)
    {
        var spec = ((JsonElement?)manifest).Obj("spec");
        var podSpec = spec.Obj("template").Obj("spec")
            ?? spec.Obj("jobTemplate").Obj("spec").Obj("template").Obj("spec")
            ?? spec;
        foreach (var container in podSpec.Items("initContainers").Concat(podSpec.Items("containers")))
            if (container.Prop("image") is { ValueKind: JsonValueKind.String } image) artifacts.Add(ArtifactReader.Image(image.GetString()));
    }

    private static void AddBakedImages(ArtifactSet artifacts, JsonElement? context)
    {
        var provider = context.Str("cloudProvider") ?? context.Str("cloudProviderType") ?? "aws";
        foreach (var detail in context.Items("deploymentDetails"))
        {
            var name = detail.Str("amiName") ?? detail.Str("imageName");
            var id = detail.Str("imageId") ?? detail.Str("ami");
            if (name is null && id is null) continue;
            artifacts.Add(new ArtifactInfo($"{detail.Str("cloudProviderType") ?? detail.Str("cloudProvider") ?? provider}/image", name, null, id ?? name, Metadata(("region", detail.Str("region")))));
        }
        var amiName = context.Str("amiName") ?? context.Str("imageName");
        var imageId = context.Str("imageId");
        if (amiName is null && imageId is null) return;
        // The deploy stage's own copy of an image deploymentDetails already named adds nothing.
        if (artifacts.Contains(a => (amiName is not null && a.Name == amiName) || (imageId is not null && a.Reference == imageId))) return;
        artifacts.Add(new ArtifactInfo($"{provider}/image", amiName, null, imageId ?? amiName, ArtifactReader.Empty));
    }

    /// <summary>The server group a rollback enables again: <c>rollbackContext.restoreServerGroupName</c>, else the context's own names.</summary>
    private static ArtifactInfo? RestoredServerGroup(JsonElement? context)
    {
        var rollback = context.Obj("rollbackContext");
        var restored = rollback.Str("restoreServerGroupName") ?? context.Str("restoreServerGroupName") ?? context.Prop("targetServerGroup").AsString()
            ?? context.Obj("targetServerGroup").Str("name");
        if (restored is null) return null;
        var region = context.Strings("regions").Concat(context.Strings("region")).FirstOrDefault();
        return new ArtifactInfo(ArtifactReader.ServerGroup, restored, SequenceOf(restored), restored, Metadata(
            ("account", context.Str("credentials") ?? context.Str("account")),
            ("region", region),
            ("rollbackServerGroupName", rollback.Str("rollbackServerGroupName") ?? context.Str("serverGroup")),
            ("rollbackType", context.Str("rollbackType"))));
    }

    /// <summary>The manifest an undo rolled back (<c>manifestName</c> is <c>"&lt;kind&gt; &lt;name&gt;"</c>), and how far.</summary>
    private static ArtifactInfo UndoneRollout(JsonElement? context)
    {
        var manifestName = context.Str("manifestName") ?? context.Str("manifest.name");
        var space = manifestName?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        var kind = space > 0 ? manifestName![..space].ToLowerInvariant() : "manifest";
        var name = space > 0 ? manifestName![(space + 1)..] : manifestName ?? context.Str("cluster");
        var revision = context.Str("revision");
        return new ArtifactInfo($"kubernetes/{kind}", name, revision, name, Metadata(
            ("account", context.Str("account") ?? context.Str("manifest.account.name")),
            ("location", context.Str("location") ?? context.Str("manifest.location")),
            ("numRevisionsBack", context.Str("numRevisionsBack")),
            ("revision", revision)));
    }

    /// <summary>Frigga's sequence of a server group name (<c>payments-api-v041</c> → <c>v041</c>).</summary>
    private static string? SequenceOf(string serverGroup) => SequencePattern().Match(serverGroup) is { Success: true } m ? m.Groups[1].Value : null;

    private static IReadOnlyDictionary<string, string> Metadata(params (string Key, string? Value)[] entries)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
            if (value is not null) metadata[key] = value;
        return metadata;
    }

    [GeneratedRegex(@"-(v\d{3,})$")]
    private static partial Regex SequencePattern();
}
