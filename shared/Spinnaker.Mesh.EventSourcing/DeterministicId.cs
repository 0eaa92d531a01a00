using System.Security.Cryptography;
using System.Text;

namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// Name-based ids (RFC 4122 version 5, SHA-1): the same name in the same namespace always gives the same id, so an
/// event or record derived again from a redelivered message carries the id it had the first time, and the store (or a
/// subscriber) can tell it already has it.
/// </summary>
public static class DeterministicId
{
    /// <summary>The id of a key made of <paramref name="parts"/> joined by <c>|</c> (null parts are written as empty).</summary>
    public static Guid FromParts(Guid @namespace, params ReadOnlySpan<string?> parts)
    {
        var key = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) key.Append('|');
            // '|' inside a value is escaped so that different part lists never give the same key.
            key.Append(parts[i] is { } part ? part.Replace("\\", "\\\\").Replace("|", "\\|") : "");
        }
        return NameBased(@namespace, key.ToString());
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
}
