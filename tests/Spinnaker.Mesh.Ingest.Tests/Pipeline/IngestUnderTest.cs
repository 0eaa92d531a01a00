using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Pipeline;

/// <summary>
/// Ingest as a user runs it: a fresh database and virtual host, ingest and the gateway as their own processes on
/// 127.0.0.1, driven over HTTP with Echo-shaped bodies. Reads ingest's tables directly only where a spec is about them.
/// </summary>
public sealed class IngestUnderTest : IAsyncDisposable
{
    public const string Project = "services/Spinnaker.Mesh.Ingest";
    public const string DevToken = "mesh-local-dev-token";
    public const string OtherTenantToken = "ingest-other-tenant-token";

    private MeshProcess? _ingest;
    private MeshProcess? _gateway;

    public TestPostgres Postgres { get; private set; } = null!;
    public TestRabbitMq RabbitMq { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public Dictionary<string, string> Infrastructure => new()
    {
        ["ConnectionStrings__postgres"] = Postgres.ConnectionString,
        ["ConnectionStrings__rabbitmq"] = RabbitMq.ConnectionString,
    };

    public static async Task<IngestUnderTest> StartAsync()
    {
        var mesh = new IngestUnderTest { Postgres = await TestPostgres.CreateAsync(), RabbitMq = await TestRabbitMq.CreateAsync() };
        // Ingest first: it declares the queue the gateway's exchange feeds, so the gateway's first publish is routable.
        mesh._ingest = await MeshProcess.StartAsync(Project, mesh.Infrastructure);
        mesh._gateway = await MeshProcess.StartAsync("gateway/Spinnaker.Mesh.Gateway", new Dictionary<string, string>(mesh.Infrastructure)
        {
            [MeshCatalog.Named("ingest").AddressVariable] = mesh._ingest.BaseAddress.ToString(),
            ["Mesh__Webhooks__Tokens__0__Token"] = DevToken,
            ["Mesh__Webhooks__Tokens__0__Tenant"] = "default",
            ["Mesh__Webhooks__Tokens__1__Token"] = OtherTenantToken,
            ["Mesh__Webhooks__Tokens__1__Tenant"] = "other",
        });
        mesh.Http = new HttpClient { BaseAddress = mesh._gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return mesh;
    }

    public string Logs => $"--- ingest ---\n{_ingest?.Output}\n--- gateway ---\n{_gateway?.Output}";

    public async Task<Guid> AcceptAsync(string body, string token = DevToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/echo/") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(202), text);
        return JsonDocument.Parse(text).RootElement.GetProperty("receiptId").GetGuid();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token = DevToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string token = DevToken)
    {
        using var response = await SendAsync(method, path, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetJsonAsync(string path, string token = DevToken) => JsonAsync(HttpMethod.Get, path, token);

    /// <summary>Waits (bounded) until ingest processed a receipt, and returns its outcome.</summary>
    public async Task<JsonElement> ProcessedAsync(Guid receiptId, string token = DevToken) =>
        await Eventually.GetAsync(async () =>
        {
            using var response = await SendAsync(HttpMethod.Get, $"api/ingest/receipts/{receiptId}", token);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, outcome => outcome is not null, TimeSpan.FromSeconds(20), $"receipt {receiptId} to be processed\n{Logs}") ?? default;

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var db = Postgres.CreateDataSource();
        await using var command = db.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var db = Postgres.CreateDataSource();
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs ingest's dll with a command (<c>projections --rebuild</c>, <c>db-assert</c>) and returns exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        var dll = Path.Combine(Path.GetDirectoryName(MeshProcessDll())!, "Spinnaker.Mesh.Ingest.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in Infrastructure) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string MeshProcessDll()
    {
        var configuration = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";
        return Path.Combine(MeshProcess.RepositoryRoot, Project, "bin", configuration, "net10.0", "Spinnaker.Mesh.Ingest.dll");
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_ingest is not null) await _ingest.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}
