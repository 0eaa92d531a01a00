using Npgsql;
using NpgsqlTypes;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>Typed parameters that may be null: PostgreSQL cannot infer the type of an untyped null in every position.</summary>
internal static class SqlParameters
{
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Timestamp(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };

    public static NpgsqlParameter BigInt(string name, long? value) =>
        new(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter TextArray(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };

    public static NpgsqlParameter Jsonb(string name, string json) =>
        new(name, NpgsqlDbType.Jsonb) { Value = json };
}
