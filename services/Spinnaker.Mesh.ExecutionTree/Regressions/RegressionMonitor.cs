using Microsoft.Extensions.Options;
using Npgsql;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// Runs after a pipeline run's completion was committed: evaluates the regression rule on the pipeline's latest
/// successful durations and on each of its top-level stages', and records what it finds (one row per pipeline or
/// stage and detecting execution, with a deterministic id, so finding it again records nothing new).
/// </summary>
internal sealed class RegressionMonitor(
    NpgsqlDataSource db, RegressionQueries queries, IOptions<RegressionOptions> options, TimeProvider clock, ILogger<RegressionMonitor> log)
{
    private readonly RegressionThresholds _thresholds = options.Value.ToThresholds();

    private const string Insert = $"""
        INSERT INTO execution_tree.regressions ({RegressionQueries.Columns})
        VALUES (@id, @tenant, @application, @pipeline, @stageRefId, @stageName, @detectedAt, @execution,
                @baselineCount, @recentCount, @baselineMedian, @recentMedian, @ratio, @pValue)
        ON CONFLICT (regression_id) DO NOTHING
        RETURNING {RegressionQueries.Columns}
        """;

    /// <summary>
    /// The events to publish: the regressions this call recorded, or, when <paramref name="includeAlreadyRecorded"/>
    /// (a redelivery, whose first delivery may have recorded without publishing), everything this run ever revealed.
    /// </summary>
    public async Task<IReadOnlyList<ExecutionDurationRegressed>> DetectAsync(ExecutionInfo run, bool includeAlreadyRecorded, CancellationToken ct)
    {
        // Only a successful pipeline run adds a duration to the history; anything else cannot reveal a slowdown.
        if (run.ExecutionType != "PIPELINE" || run.Status != ExecutionStatuses.Succeeded || run.PipelineName is not { } pipeline) return [];

        await using var connection = await db.OpenConnectionAsync(ct);
        var detectedAt = clock.GetUtcNow();
        var found = new List<DurationRegression>();
        var window = _thresholds.HistoryRuns;
        if (RegressionRule.Evaluate(await DurationHistory.OfPipelineAsync(connection, run.Tenant, run.Application, pipeline, window, ct), _thresholds) is { } verdict)
            found.Add(Regression(run, pipeline, null, null, verdict, detectedAt));
        foreach (var stage in await DurationHistory.OfStagesAsync(connection, run.Tenant, run.Application, pipeline, run.ExecutionId, window, ct))
            if (RegressionRule.Evaluate(stage.DurationsMs, _thresholds) is { } stageVerdict)
                found.Add(Regression(run, pipeline, stage.RefId, stage.Name, stageVerdict, detectedAt));

        var recorded = await RecordAsync(connection, found, ct);
        foreach (var r in recorded)
            log.LogWarning(
                "Duration regression in {Application}/{Pipeline} stage {StageRefId}: recent median {RecentMedianMs} ms vs baseline {BaselineMedianMs} ms (x{Ratio:F2}, p={PValue:G3}), revealed by execution {ExecutionId}",
                r.Application, r.PipelineName, r.StageRefId ?? "(whole pipeline)", r.RecentMedianMs, r.BaselineMedianMs, r.Ratio, r.PValue, r.DetectedByExecutionId);

        var toPublish = includeAlreadyRecorded
            ? await queries.DetectedByAsync(run.Tenant, run.Application, pipeline, run.ExecutionId, ct)
            : recorded;
        return toPublish.Select(r => r.ToEvent()).ToList();
    }

    private static DurationRegression Regression(
        ExecutionInfo run, string pipeline, string? stageRefId, string? stageName, RegressionVerdict verdict, DateTimeOffset detectedAt) => new(
        RegressionId.For(run.Tenant, run.Application, pipeline, stageRefId, run.ExecutionId),
        run.Tenant, run.Application, pipeline, stageRefId, stageName, detectedAt, run.ExecutionId,
        verdict.BaselineCount, verdict.RecentCount, verdict.BaselineMedianMs, verdict.RecentMedianMs, verdict.Ratio, verdict.PValue);

    /// <summary>Inserts what is not recorded yet and returns those rows.</summary>
    private static async Task<IReadOnlyList<DurationRegression>> RecordAsync(
        NpgsqlConnection connection, IReadOnlyList<DurationRegression> found, CancellationToken ct)
    {
        if (found.Count == 0) return [];
        await using var batch = new NpgsqlBatch(connection);
        foreach (var r in found)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Insert)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid>("id", r.Id),
                    new NpgsqlParameter<string>("tenant", r.Tenant),
                    new NpgsqlParameter<string>("application", r.Application),
                    new NpgsqlParameter<string>("pipeline", r.PipelineName),
                    SqlParameters.Text("stageRefId", r.StageRefId),
                    SqlParameters.Text("stageName", r.StageName),
                    SqlParameters.Timestamp("detectedAt", r.DetectedAt),
                    new NpgsqlParameter<string>("execution", r.DetectedByExecutionId),
                    new NpgsqlParameter<int>("baselineCount", r.BaselineCount),
                    new NpgsqlParameter<int>("recentCount", r.RecentCount),
                    new NpgsqlParameter<double>("baselineMedian", r.BaselineMedianMs),
                    new NpgsqlParameter<double>("recentMedian", r.RecentMedianMs),
                    new NpgsqlParameter<double>("ratio", r.Ratio),
                    new NpgsqlParameter<double>("pValue", r.PValue),
                },
            });
        var recorded = new List<DurationRegression>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await reader.ReadAsync(ct)) recorded.Add(RegressionQueries.Read(reader));
        } while (await reader.NextResultAsync(ct));
        return recorded;
    }
}
