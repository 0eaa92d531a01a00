using System.Text.Json;
using Npgsql;

namespace Spinnaker.Mesh.EventStore.Internal;

/// <summary>Turns an events row (columns in <see cref="EventStoreSql"/>'s order) into a <see cref="StoredEvent"/>.</summary>
internal sealed class StoredEventReader(EventTypeRegistry registry, JsonSerializerOptions json)
{
    public StoredEvent Read(NpgsqlDataReader row)
    {
        var seq = row.GetInt64(0);
        var alias = row.GetString(5);
        var type = registry.TryGetType(alias, out var registered)
            ? registered
            : throw new InvalidOperationException(
                $"Event {seq} is stored as '{alias}', which this service does not register; register the type (or an upcast type) under that alias.");
        var data = JsonSerializer.Deserialize(row.GetString(6), type, json)
            ?? throw new InvalidOperationException($"Event {seq} ('{alias}') holds JSON null.");
        return new StoredEvent(
            seq,
            row.GetGuid(1),
            row.GetString(2),
            row.GetString(3),
            row.GetInt64(4),
            alias,
            data,
            row.IsDBNull(7) ? null : ParseElement(row.GetString(7)),
            row.GetFieldValue<DateTimeOffset>(8));
    }

    private static JsonElement ParseElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
