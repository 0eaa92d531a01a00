using System.Text.Encodings.Web;
using System.Text.Json;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Reads kork artifacts (<c>{type, name, version, reference, metadata}</c>) and the images and server groups that stand
/// for them. Lenient: an entry without a type is skipped, never an error.
/// </summary>
internal static class ArtifactReader
{
    public const string DockerImage = "docker/image";
    public const string ServerGroup = "spinnaker/server-group";

    private static readonly JsonWriterOptions CompactText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A kork artifact, or null when it is not an object with a type.</summary>
    public static ArtifactInfo? Read(JsonElement? artifact)
    {
        if (artifact is not { ValueKind: JsonValueKind.Object } || artifact.Str("type") is not { } type) return null;
        return new ArtifactInfo(type, artifact.Str("name"), artifact.Str("version"), artifact.Str("reference"), Texts(artifact.Obj("metadata")));
    }

    /// <summary>
    /// An item of a bound-artifact list: the artifact itself, or a wrapper holding it (<c>boundArtifact</c> of an
    /// expected artifact, <c>artifact</c> of Orca's <c>BindArtifact</c>).
    /// </summary>
    public static ArtifactInfo? ReadBound(JsonElement item) =>
        Read(item) ?? Read(((JsonElement?)item).Obj("boundArtifact")) ?? Read(((JsonElement?)item).Obj("artifact"));

    /// <summary>
    /// A container image reference (<c>registry:5000/team/app:1.4.2</c>, <c>app@sha256:…</c>) as a <c>docker/image</c>
    /// artifact: the name, and the tag or digest as its version.
    /// </summary>
    public static ArtifactInfo? Image(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        var image = reference.Trim();
        var digest = image.IndexOf('@', StringComparison.Ordinal);
        if (digest > 0) return new ArtifactInfo(DockerImage, image[..digest], image[(digest + 1)..], image, Empty);
        // A colon after the last slash separates the tag; one before it belongs to a registry port.
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') && colon < image.Length - 1
            ? new ArtifactInfo(DockerImage, image[..colon], image[(colon + 1)..], image, Empty)
            : new ArtifactInfo(DockerImage, image, null, image, Empty);
    }

    /// <summary>Members of an object as text (<see cref="Text"/>); JSON nulls are left out.</summary>
    public static IReadOnlyDictionary<string, string> Texts(JsonElement? map)
    {
        if (map is not { ValueKind: JsonValueKind.Object } obj) return Empty;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in obj.EnumerateObject())
            if (Text(member.Value) is { } text) texts[member.Name] = text;
        return texts;
    }

    /// <summary>A value as text: strings as they are, numbers and booleans as written, objects and lists as compact JSON; null for JSON null.</summary>
    public static string? Text(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Object or JsonValueKind.Array:
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer, CompactText)) value.WriteTo(writer);
                return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            default:
                return null;
        }
    }

    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}

/// <summary>Artifacts in first-seen order, without repeats of the same type, name, version and reference.</summary>
internal sealed class ArtifactSet
{
    private readonly List<ArtifactInfo> _items = [];
    private readonly HashSet<(string, string?, string?, string?)> _seen = [];

    public int Count => _items.Count;

    public bool Contains(Func<ArtifactInfo, bool> predicate) => _items.Any(predicate);

    public void Add(ArtifactInfo? artifact)
    {
        if (artifact is not null && _seen.Add((artifact.Type, artifact.Name, artifact.Version, artifact.Reference))) _items.Add(artifact);
    }

    /// <summary>Every bound artifact of a list member (see <see cref="ArtifactReader.ReadBound"/>).</summary>
    public void AddBound(IEnumerable<JsonElement> items)
    {
        foreach (var item in items) Add(ArtifactReader.ReadBound(item));
    }

    /// <summary>The artifacts, or null when there are none (the contract's "absent").</summary>
    public IReadOnlyList<ArtifactInfo>? ToListOrNull() => _items.Count == 0 ? null : _items.ToArray();
}
