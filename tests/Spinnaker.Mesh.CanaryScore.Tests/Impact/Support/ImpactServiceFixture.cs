using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

/// <summary>
/// The canary-score service as its own process (fresh database and virtual host) whose metric source
/// <see cref="SourceName"/> is a <see cref="RealPrometheus"/>, with more settings as given (other sources,
/// configured policies). Called over HTTP with the tenant header the gateway would set.
/// </summary>
internal sealed class ImpactServiceFixture : IAsyncDisposable
{
    public const string SourceName = "prometheus";

    private IsolatedService _service = null!;

    public RealPrometheus Prometheus { get; private init; } = null!;
    public string Logs => _service?.Logs ?? "";
    public IsolatedService Service => _service;

    /// <summary>
    /// Starts the service against <paramref name="prometheus"/> (named <see cref="SourceName"/>, the default source).
    /// <paramref name="settings"/> are configuration keys (<c>Mesh:Impact:Sources:other:Url</c>), written as the
    /// environment variables the process reads.
    /// </summary>
    public static async Task<ImpactServiceFixture> StartAsync(RealPrometheus prometheus, IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            [$"Mesh__Impact__Sources__{SourceName}__Url"] = prometheus.BaseUrl,
            [$"Mesh__Impact__Sources__{SourceName}__RetryDelay"] = "00:00:00.1",
            ["Mesh__Impact__DefaultSource"] = SourceName,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key.Replace(":", "__")] = value;
        return new ImpactServiceFixture { Prometheus = prometheus, _service = await IsolatedService.StartAsync("canary-score", environment) };
    }

    public async Task<Answer> PutPolicyAsync(string tenant, string application, JsonNode policy) =>
        await PutRawAsync(tenant, application, policy.ToJsonString());

    public async Task<Answer> PutRawAsync(string tenant, string application, string body)
    {
        using var response = await _service.SendAsync(HttpMethod.Put, $"api/impact-policies/{Uri.EscapeDataString(application)}", tenant,
            new StringContent(body, Encoding.UTF8, "application/json"));
        return await Answer.ReadAsync(response);
    }

    public async Task<Answer> GetAsync(string tenant, string path)
    {
        using var response = await _service.GetAsync(path, tenant);
        return await Answer.ReadAsync(response);
    }

    public Task<Answer> GetPolicyAsync(string tenant, string application) => GetAsync(tenant, $"api/impact-policies/{Uri.EscapeDataString(application)}");

    public async Task<Answer> DeletePolicyAsync(string tenant, string application)
    {
        using var response = await _service.SendAsync(HttpMethod.Delete, $"api/impact-policies/{Uri.EscapeDataString(application)}", tenant);
        return await Answer.ReadAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    /// <summary>Status, media type and body (JSON when there is one) of an answer.</summary>
    internal sealed record Answer(int Status, string? MediaType, string Text)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();

        /// <summary>The messages of a problem's <c>errors</c> for <paramref name="field"/>; empty when it names no such field.</summary>
        public IReadOnlyList<string> Errors(string field) =>
            Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages)
                ? [.. messages.EnumerateArray().Select(m => m.GetString()!)]
                : [];

        public IReadOnlyList<string> ErrorFields => Json.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];

        public static async Task<Answer> ReadAsync(HttpResponseMessage response) =>
            new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());

        public override string ToString() => $"{Status} {MediaType} {Text}";
    }
}
