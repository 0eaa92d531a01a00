using Marten;
using Npgsql;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>
/// The canary-score service as its own process on a fresh database and virtual host; samples written straight into
/// its store with <see cref="SeriesWriter"/> (as the judgments are), execution events published as ingest publishes
/// them (MessageId = EventId), and its Prometheus API called over HTTP.
/// </summary>
internal sealed class SeriesServiceFixture : IAsyncDisposable
{
    private IsolatedService _service = null!;

    public HttpClient Http => _service.Http;
    public NpgsqlDataSource Database => _service.Database;
    public DocumentStore Store { get; private set; } = null!;
    public int Port => _service.Process.Port;
    public string Logs => _service?.Logs ?? "";

    public static async Task<SeriesServiceFixture> StartAsync(IDictionary<string, string>? settings = null)
    {
        var series = new SeriesServiceFixture { _service = await IsolatedService.StartAsync("canary-score", settings) };
        series.Store = SeriesStoreFixture.CreateStore(series.Database);
        return series;
    }

    public async Task WriteAsync(string tenant, IEnumerable<SeriesSample> samples)
    {
        await using var session = Store.LightweightSession();
        session.QueueSamples(tenant, samples);
        await session.SaveChangesAsync();
    }

    /// <summary>Publishes each event as ingest does (MessageId = EventId), in the order given, duplicates included.</summary>
    public async Task PublishAsync(IEnumerable<IExecutionEvent> events)
    {
        foreach (var e in events) await _service.PublishAsync(e, e.EventId);
    }

    /// <summary>Waits (bounded) until the service acknowledged every published message, as the broker's statistics report it.</summary>
    public Task DrainedAsync() => _service.AcknowledgedAsync(SeriesModule.Queue, _service.Published);

    public Task<HttpResponseMessage> GetAsync(string path, string? tenant) => _service.GetAsync(path, tenant);

    public Task<HttpResponseMessage> PostFormAsync(string path, string? tenant, IEnumerable<KeyValuePair<string, string>> form) =>
        _service.SendAsync(HttpMethod.Post, path, tenant, new FormUrlEncodedContent(form));

    /// <summary>Status, content type and body of a GET.</summary>
    public async Task<(int Status, string? ContentType, string Body)> CallAsync(string path, string? tenant)
    {
        using var response = await GetAsync(path, tenant);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public Task<long> CountAsync(string sql) => _service.CountAsync(sql);

    public async ValueTask DisposeAsync()
    {
        Store?.Dispose();
        if (_service is not null) await _service.DisposeAsync();
    }
}
