using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Prometheus;
using Spinnaker.Mesh.CanaryScore.Prometheus.Query;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>
/// The series store without the service's process: a fresh database per fixture, the series tables created as the
/// service creates them, samples written with <see cref="SeriesWriter"/> and read with the service's query engine.
/// </summary>
[NonParallelizable]
internal abstract class SeriesStoreFixture
{
    private TestPostgres? _postgres;

    protected NpgsqlDataSource Database { get; private set; } = null!;
    protected DocumentStore Store { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateStore()
    {
        _postgres = await TestPostgres.CreateAsync();
        Database = _postgres.CreateDataSource();
        Store = CreateStore(Database);
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    [OneTimeTearDown]
    public async Task DropStore()
    {
        Store?.Dispose();
        if (Database is not null) await Database.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    /// <summary>The service's store conventions and its series tables.</summary>
    public static DocumentStore CreateStore(NpgsqlDataSource database) => DocumentStore.For(options =>
    {
        options.Connection(database);
        MeshEventStore.ConfigureConventions(options, CanaryScoreModule.Schema);
        SeriesModule.ConfigureStore(options);
    });

    protected async Task WriteAsync(string tenant, params SeriesSample[] samples)
    {
        await using var session = Store.LightweightSession();
        session.QueueSamples(tenant, samples);
        await session.SaveChangesAsync();
    }

    protected async Task<long> CountAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected QueryEngine Engine(PrometheusApiOptions? options = null) =>
        new(new SeriesReader(Database), Options.Create(options ?? new PrometheusApiOptions()));

    /// <summary>A range query as the API evaluates it: times in unix seconds, lookback 5 minutes unless given.</summary>
    protected async Task<QueryResult> RangeAsync(string tenant, string query, long startSeconds, long endSeconds, long stepSeconds,
        long lookbackSeconds = 300, PrometheusApiOptions? options = null) =>
        await Engine(options).EvaluateAsync(tenant, PromQlParser.Parse(query),
            new StepRange(startSeconds * 1000, endSeconds * 1000, stepSeconds * 1000), lookbackSeconds * 1000, CancellationToken.None);

    protected static SeriesSample Sample(string metric, long atSeconds, double value, string sampleId, params (string Name, string Value)[] labels) =>
        new(metric, labels.ToDictionary(l => l.Name, l => l.Value), DateTimeOffset.FromUnixTimeSeconds(atSeconds), value, sampleId);

    /// <summary>A result series' points as (unix seconds, value) pairs, in step order.</summary>
    protected static IReadOnlyList<(long At, double Value)> Points(ResultSeries series, long startSeconds, long stepSeconds) =>
        [.. Enumerable.Range(0, series.Values.Length).Where(i => series.Present[i]).Select(i => (startSeconds + i * stepSeconds, series.Values[i]))];

    protected static string LabelsOf(ResultSeries series) =>
        "{" + string.Join(", ", series.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
}
