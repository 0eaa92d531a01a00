using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Statistics;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// A fresh database per fixture with the read-model tables (created through the service's Marten store, as the service
/// creates them), rows written straight into them, and (on first use) the
/// statistics endpoints on Kestrel. Derived fixtures insert their rows in their own [OneTimeSetUp], which runs after
/// this one. Most rows fall in March 2025, the <see cref="Window"/> the specs query.
/// </summary>
[NonParallelizable]
public abstract class StatisticsSpec
{
    public const string Tenant = "acme";
    public const string OtherTenant = "globex";

    protected static readonly DateTimeOffset From = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    protected static readonly DateTimeOffset To = new(2025, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private TestPostgres? _postgres;
    private StatisticsHost? _host;

    protected NpgsqlDataSource DataSource { get; private set; } = null!;

    internal static StatisticsWindow Window => new(From, To);

    /// <summary>Noon on day <paramref name="day"/> of March 2025, plus <paramref name="hours"/>.</summary>
    protected static DateTimeOffset March(int day, int hours = 0) => From.AddDays(day - 1).AddHours(12 + hours);

    /// <summary>Noon on a day of February 2025: before <see cref="Window"/>.</summary>
    protected static DateTimeOffset February(int day) => From.AddMonths(-1).AddDays(day - 1).AddHours(12);

    [OneTimeSetUp]
    public async Task CreateReadModel()
    {
        _postgres = await TestPostgres.CreateAsync();
        DataSource = _postgres.CreateDataSource();
        await using var store = await ExecutionTreeStore.CreateMigratedAsync(DataSource);
    }

    [OneTimeTearDown]
    public async Task DropReadModel()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (DataSource is not null) await DataSource.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    /// <summary>The endpoints over HTTP, started the first time a test asks.</summary>
    protected async Task<StatisticsHost> HostAsync() => _host ??= await StatisticsHost.StartAsync(DataSource);

    protected async Task InsertAsync(params ExecutionRow[] rows)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        foreach (var row in rows)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO execution_tree.executions (tenant, execution_id, application, pipeline_name, execution_type, status,
                    start_time, end_time, duration_ms, template_id, template_version, state)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '{}')
                """, connection);
            Add(command, row.Tenant, row.Id, row.Application, row.Pipeline, row.Type, row.Status,
                row.Start, End(row.Start, row.Seconds), Ms(row.Seconds), row.TemplateId, row.TemplateVersion);
            await command.ExecuteNonQueryAsync();
        }
    }

    protected async Task InsertAsync(params StageRow[] rows)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        foreach (var row in rows)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO execution_tree.stages (tenant, execution_id, stage_id, ref_id, application, pipeline_name,
                    execution_start, stage_type, stage_name, status, start_time, end_time, duration_ms, parent_stage_id,
                    cloud_provider, account, regions, cluster, errors, gate_kind, judgment_status, judged_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
                """, connection);
            Add(command, row.Tenant, row.ExecutionId, row.StageId, row.RefId, row.Application, row.Pipeline,
                row.ExecutionStart, row.Type, row.Name, row.Status, row.Start, End(row.Start, row.Seconds), Ms(row.Seconds),
                row.ParentStageId, row.CloudProvider, row.Account, row.Regions, row.Cluster, row.Errors, row.GateKind,
                row.JudgmentStatus, row.JudgedBy);
            await command.ExecuteNonQueryAsync();
        }
    }

    protected async Task InsertAsync(params RegressionRow[] rows)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        foreach (var row in rows)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO execution_tree.regressions (regression_id, tenant, application, pipeline_name, stage_ref_id,
                    stage_name, detected_at, detected_by_execution_id, baseline_count, recent_count, baseline_median_ms,
                    recent_median_ms, ratio, p_value)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 30, 5, $9, $10, $11, $12)
                """, connection);
            Add(command, row.Id, row.Tenant, row.Application, row.Pipeline, row.StageRefId, row.StageName, row.DetectedAt,
                row.DetectedBy, row.BaselineMedianMs, row.RecentMedianMs, row.Ratio, row.PValue);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static DateTimeOffset? End(DateTimeOffset? start, double? seconds) =>
        start is { } s && seconds is { } d ? s.AddSeconds(d) : null;

    private static long? Ms(double? seconds) => seconds is { } s ? (long)(s * 1000) : null;

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value is DateTimeOffset t ? t.ToUniversalTime() : value ?? DBNull.Value });
    }
}
