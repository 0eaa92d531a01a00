using Npgsql;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

/// <summary>Every read-model row of a tenant, as text, to compare two moments: equal text means no row changed.</summary>
internal static class ReadModelDigest
{
    public static readonly string[] ProjectedTables = ["executions", "stages", "execution_links"];

    /// <param name="withWriteTimes">
    /// Whether <c>executions.updated_at</c> counts: it tells whether a row was written again even with equal values,
    /// but a rebuild writes every row again by design.
    /// </param>
    public static async Task<string> OfAsync(NpgsqlDataSource database, string tenant, bool withWriteTimes, params string[] tables)
    {
        var rows = new List<string>();
        foreach (var table in tables.Length > 0 ? tables : ProjectedTables)
        {
            var row = withWriteTimes ? "to_jsonb(t)" : "to_jsonb(t) - 'updated_at'";
            await using var command = database.CreateCommand(
                $"SELECT {row}::text FROM execution_tree.{table} t WHERE tenant = $1 ORDER BY 1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add($"{table}: {reader.GetString(0)}");
        }
        return string.Join('\n', rows);
    }
}
