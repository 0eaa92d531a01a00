using System.Text;
using System.Text.Json;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>What a failed Gate call says: its retryability, a short excerpt of Gate's answer, secrets masked.</summary>
internal static class GateErrors
{
    private const int ExcerptLength = 300;
    private const string Mask = "***";

    /// <summary>Statuses a later call may not meet again: rate limited, or a proxy in front of Gate without Gate behind it.</summary>
    public static bool IsRetryable(int status) => status is 429 or 502 or 503 or 504;

    /// <summary>Gate's own message (Spring's <c>{"error", "message", …}</c>), else the body's start; empty for an empty body.</summary>
    public static string Excerpt(string body, GateOptions options)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        var text = body;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                text = message.GetString() ?? body;
        }
        catch (JsonException)
        {
        }
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > ExcerptLength) text = text[..ExcerptLength] + "…";
        return ": " + Redact(text, options);
    }

    /// <summary><paramref name="text"/> with the token, the password and the basic credential (plain and encoded) masked.</summary>
    public static string Redact(string text, GateOptions options)
    {
        foreach (var secret in Secrets(options))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    private static IEnumerable<string> Secrets(GateOptions options)
    {
        var auth = options.Auth;
        if (!string.IsNullOrWhiteSpace(auth.Token)) yield return auth.Token.Trim();
        if (!string.IsNullOrEmpty(auth.Password))
        {
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{auth.Password}"));
            yield return auth.Password;
        }
    }
}
