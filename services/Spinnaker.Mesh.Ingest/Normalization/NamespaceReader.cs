using System.Text.Json;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// The Kubernetes namespace a stage targets, from the first of the keys Orca's manifest stages leave in their context
/// (echo.md §5 "Context keys"): <c>namespaceOverride</c> (<c>deployManifest</c>), <c>location</c> (the manifest
/// stages that name one manifest: <c>undoRolloutManifest</c>, <c>scaleManifest</c>, <c>deleteManifest</c>...),
/// <c>manifest.location</c> (what their tasks add), a <c>moniker.namespace</c>, the first
/// <c>metadata.namespace</c> of <c>manifests</c> or <c>outputs.manifests</c>, and the one key of
/// <c>outputs.manifestNamesByNamespace</c> (several keys name no single namespace).
/// </summary>
internal static class NamespaceReader
{
    public static string? Read(JsonElement? context, JsonElement? outputs) =>
        Text(context.Prop("namespaceOverride"))
        ?? Text(context.Prop("location"))
        ?? Text(context.Prop("manifest.location"))
        ?? Text(context.Obj("moniker").Prop("namespace"))
        ?? FirstManifestNamespace(context.Items("manifests"))
        ?? FirstManifestNamespace(context.Items("outputs.manifests").Concat(outputs.Items("outputs.manifests")))
        ?? SingleKey(context.Obj("outputs.manifestNamesByNamespace") ?? outputs.Obj("outputs.manifestNamesByNamespace"));

    private static string? FirstManifestNamespace(IEnumerable<JsonElement> manifests)
    {
        foreach (var manifest in manifests)
            if (Text(((JsonElement?)manifest).Obj("metadata").Prop("namespace")) is { } name) return name;
        return null;
    }

    private static string? SingleKey(JsonElement? map)
    {
        if (map is not { } obj) return null;
        var keys = obj.EnumerateObject().Select(p => p.Name.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return keys.Count == 1 ? keys[0] : null;
    }

    /// <summary>Only a string names a namespace (a canary's <c>location</c> object does not).</summary>
    private static string? Text(JsonElement? value) => value is { ValueKind: JsonValueKind.String } ? value.AsString()?.Trim() : null;
}
