using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Figures;
using Spinnaker.Mesh.Dora.Store;

namespace Spinnaker.Mesh.Dora.Api;

/// <summary>
/// Reads one application's window from the classified read model: its rows by the <c>(tenant, application, time)</c>
/// index and its findings by theirs, as an <see cref="ApplicationClassification"/> the domain's calculator takes as it
/// is (signals, recovery and change sets were decided at classification and are on the rows). The cost is the
/// window's rows, whatever the history stored.
/// </summary>
internal sealed class ReadModelReader(NpgsqlDataSource database)
{
    /// <summary>
    /// Findings are read a week beyond the window on each side: a duplicate is timed by its execution's end, which can
    /// fall just outside the window its deployment row is in; the calculator keeps only those of the window.
    /// </summary>
    private static readonly TimeSpan FindingsMargin = TimeSpan.FromDays(7);

    private const string RowsSql = """
        SELECT row::text FROM dora.deployments
        WHERE tenant = $1 AND application = $2 AND time >= $3 AND time < $4
        """;

    private const string EnvironmentRowsSql = """
        SELECT row::text FROM dora.deployments
        WHERE tenant = $1 AND application = $2 AND environment = $5 AND time >= $3 AND time < $4
        """;

    private const string FindingsSql = """
        SELECT kind, finding::text FROM dora.findings
        WHERE tenant = $1 AND application = $2 AND time >= $3 AND time < $4
        """;

    private const string CoverageSql = "SELECT covered_from FROM dora.applications WHERE tenant = $1 AND application = $2";

    public async Task<ApplicationClassification> WindowAsync(string tenant, string application, DoraQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = new List<ClassifiedDeployment>();
        await using (var command = Command(connection, query.Environment is null ? RowsSql : EnvironmentRowsSql, tenant, application, query.From, query.To, query.Environment))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add(JsonSerializer.Deserialize<ClassifiedDeployment>(reader.GetString(0), ReadModelRows.Json)!);

        var incidents = new List<IncidentFinding>();
        var duplicates = new List<DuplicateDelivery>();
        var unmapped = new List<UnmappedAccountUse>();
        await using (var command = Command(connection, FindingsSql, tenant, application, query.From - FindingsMargin, query.To + FindingsMargin, null))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var json = reader.GetString(1);
                switch (reader.GetString(0))
                {
                    case ReadModelRows.IncidentKind: incidents.Add(JsonSerializer.Deserialize<IncidentFinding>(json, ReadModelRows.Json)!); break;
                    case ReadModelRows.DuplicateKind: duplicates.Add(JsonSerializer.Deserialize<DuplicateDelivery>(json, ReadModelRows.Json)!); break;
                    case ReadModelRows.UnmappedKind: unmapped.Add(JsonSerializer.Deserialize<UnmappedAccountUse>(json, ReadModelRows.Json)!); break;
                }
            }

        DateTimeOffset? coveredFrom = null;
        await using (var command = Command(connection, CoverageSql, tenant, application, null, null, null))
            if (await command.ExecuteScalarAsync(ct) is DateTime covered) coveredFrom = new DateTimeOffset(DateTime.SpecifyKind(covered, DateTimeKind.Utc));

        // The classifier's order (time, execution, environment), ordinal as it compares ids.
        var ordered = rows.OrderBy(r => r.Time).ThenBy(r => r.ExecutionId, StringComparer.Ordinal).ThenBy(r => r.Environment, StringComparer.Ordinal).ToList();
        return new ApplicationClassification(application, ordered,
            [.. incidents.OrderBy(i => i.StartedAt).ThenBy(i => i.IncidentId, StringComparer.Ordinal)],
            [.. duplicates.OrderBy(d => d.ExecutionId, StringComparer.Ordinal)],
            [.. unmapped.OrderBy(u => u.Time).ThenBy(u => u.Account, StringComparer.Ordinal)],
            coveredFrom);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string tenant, string application,
        DateTimeOffset? from, DateTimeOffset? to, string? environment)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = application });
        if (from is { } f) command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = f.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (to is { } t) command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = t.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (environment is not null)
        {
            // $5: placeholders are positional, so the environment follows the two times.
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = environment });
        }
        return command;
    }
}
