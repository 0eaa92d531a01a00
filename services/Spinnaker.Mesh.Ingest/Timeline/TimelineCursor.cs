using System.Globalization;

namespace Spinnaker.Mesh.Ingest.Timeline;

/// <summary>Keyset position in an execution's timeline: opaque to clients, stable while events keep arriving.</summary>
internal readonly record struct TimelineCursor(DateTimeOffset OccurredAt, short Step, Guid EventId)
{
    public override string ToString() => $"{OccurredAt.ToUnixTimeMilliseconds()}.{Step}.{EventId:N}";

    public static bool TryParse(string? value, out TimelineCursor cursor)
    {
        cursor = new TimelineCursor(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), -1, Guid.Empty);
        if (string.IsNullOrEmpty(value)) return true;
        var parts = value.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            || !short.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)
            || !Guid.TryParseExact(parts[2], "N", out var id))
            return false;
        cursor = new TimelineCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), step, id);
        return true;
    }
}
