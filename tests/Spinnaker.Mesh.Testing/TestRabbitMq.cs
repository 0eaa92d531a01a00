using System.Net.Http.Headers;
using System.Text;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// A fresh RabbitMQ virtual host per fixture on the local broker (127.0.0.1:5672), made and deleted through the
/// management API on 127.0.0.1:15672 so fixtures never see each other's queues.
/// </summary>
public sealed class TestRabbitMq : IAsyncDisposable
{
    private static readonly HttpClient Management = CreateManagementClient();

    private TestRabbitMq(string virtualHost) => VirtualHost = virtualHost;

    public static string Host => Environment.GetEnvironmentVariable("MESH_TEST_RABBITMQ_HOST") is { Length: > 0 } h ? h : "127.0.0.1";

    public string VirtualHost { get; }

    /// <summary>AMQP URI of the fixture's virtual host, as the services read it from <c>ConnectionStrings:rabbitmq</c>.</summary>
    public string ConnectionString => $"amqp://guest:guest@{Host}:5672/{Uri.EscapeDataString(VirtualHost)}";

    public static async Task<TestRabbitMq> CreateAsync(CancellationToken ct = default)
    {
        var vhost = $"mesh-test-{Guid.CreateVersion7():N}";
        await SendAsync(HttpMethod.Put, $"api/vhosts/{Uri.EscapeDataString(vhost)}", null, ct);
        await SendAsync(HttpMethod.Put, $"api/permissions/{Uri.EscapeDataString(vhost)}/guest",
            """{"configure":".*","write":".*","read":".*"}""", ct);
        return new TestRabbitMq(vhost);
    }

    /// <summary>Number of messages ready in a queue, as the management API reports it.</summary>
    public async Task<string> GetQueueJsonAsync(string queue, CancellationToken ct = default)
    {
        using var response = await Management.GetAsync($"api/queues/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(queue)}", ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async ValueTask DisposeAsync() =>
        await SendAsync(HttpMethod.Delete, $"api/vhosts/{Uri.EscapeDataString(VirtualHost)}", null, CancellationToken.None);

    private static async Task SendAsync(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await Management.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"RabbitMQ's management API is not reachable at {Host}:15672. Start the broker with ./mesh test (or .ci/run).", e);
        }
        using (response) response.EnsureSuccessStatusCode();
    }

    private static HttpClient CreateManagementClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{Host}:15672/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return client;
    }
}
