using Npgsql;
using NpgsqlTypes;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>What every statistics query shares: its parameters (on commands and batch commands alike) and null-aware reads.</summary>
internal static class StatisticsCommands
{
    public static void AddWindow(this NpgsqlParameterCollection parameters, string tenant, StatisticsWindow window)
    {
        parameters.AddWithValue("tenant", tenant);
        parameters.AddWithValue("from", window.From.ToUniversalTime());
        parameters.AddWithValue("to", window.To.ToUniversalTime());
    }

    /// <summary>An optional filter: typed text even when null, so <c>@name::text IS NULL OR ...</c> resolves.</summary>
    public static void AddOptional(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    public static T? GetNullable<T>(this NpgsqlDataReader reader, int ordinal) where T : class =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
