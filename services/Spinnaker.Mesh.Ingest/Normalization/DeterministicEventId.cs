using System.Security.Cryptography;
using System.Text;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Name-based event ids: an RFC 4122 version 5 UUID (SHA-1 of a fixed namespace and a key such as
/// <c>tenant|executionId|stage-completed|stageId|status|endTime</c>). The same observation always yields the same id,
/// whichever Echo delivery or Orca re-emission carried it.
/// </summary>
public static class DeterministicEventId
{
    /// <summary>Namespace of Mesh ingest event ids. Never change it: stored ids and subscribers' dedup depend on it.</summary>
    public static readonly Guid Namespace = new("5f0c7d2e-3b8a-4e61-9a4d-c2b1e7f08a93");

    /// <summary>The id of a key made of <paramref name="parts"/> joined by <c>|</c> (null parts are written as empty).</summary>
    public static Guid From(params ReadOnlySpan<string?> parts)
    {
        var key = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) key.Append('|');
            // '|' inside a value is escaped so that different part lists never give the same key.
            key.Append(parts[i] is { } part ? part.Replace("\\", "\\\\").Replace("|", "\\|") : "");
        }
        return NameBased(Namespace, key.ToString());
    }

    /// <summary>RFC 4122 §4.3 name-based UUID, version 5 (SHA-1).</summary>
    public static Guid NameBased(Guid @namespace, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // version 5
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(uuid, bigEndian: true);
    }

    /// <summary>Epoch milliseconds of a time for use in a key.</summary>
    public static string? Ms(DateTimeOffset? time) =>
        time?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
