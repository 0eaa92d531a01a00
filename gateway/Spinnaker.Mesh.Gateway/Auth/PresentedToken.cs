using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;

namespace Spinnaker.Mesh.Gateway.Auth;

/// <summary>
/// The token a caller presents: <c>Authorization: Bearer &lt;token&gt;</c>, or Basic auth whose password is the token,
/// because Echo's REST endpoint config only offers <c>username</c>/<c>password</c> (the user name is ignored).
/// </summary>
internal static class PresentedToken
{
    public static bool TryRead(string? authorization, out string token)
    {
        token = "";
        if (string.IsNullOrWhiteSpace(authorization) || !AuthenticationHeaderValue.TryParse(authorization, out var header)) return false;
        var value = header.Parameter;
        if (string.IsNullOrEmpty(value)) return false;
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            token = value;
            return true;
        }
        return header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && TryReadBasicPassword(value, out token);
    }

    private static bool TryReadBasicPassword(string encoded, out string password)
    {
        password = "";
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length)) return false;
        var credentials = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = credentials.IndexOf(':');
        if (colon < 0) return false;
        password = credentials[(colon + 1)..];
        return password.Length > 0;
    }
}
