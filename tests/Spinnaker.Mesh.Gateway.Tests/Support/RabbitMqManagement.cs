using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>The broker's management API (127.0.0.1:15672), to break things the way an operator or an outage would.</summary>
internal static class RabbitMqManagement
{
    private static readonly HttpClient Client = CreateClient();

    /// <summary>Force-closes every connection the client named <paramref name="clientName"/> opened to the virtual host.</summary>
    public static async Task<int> CloseConnectionsAsync(string virtualHost, string clientName)
    {
        var connections = await Client.GetFromJsonAsync<JsonElement>($"api/vhosts/{Uri.EscapeDataString(virtualHost)}/connections");
        var names = connections.EnumerateArray()
            .Where(c => c.TryGetProperty("client_properties", out var p)
                        && p.TryGetProperty("connection_name", out var n) && n.GetString() == clientName)
            .Select(c => c.GetProperty("name").GetString()!)
            .ToList();
        foreach (var name in names)
        {
            using var response = await Client.DeleteAsync($"api/connections/{Uri.EscapeDataString(name)}");
            response.EnsureSuccessStatusCode();
        }
        return names.Count;
    }

    public static async Task DeleteExchangeAsync(string virtualHost, string exchange)
    {
        using var response = await Client.DeleteAsync($"api/exchanges/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(exchange)}");
        response.EnsureSuccessStatusCode();
    }

    private static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{TestRabbitMq.Host}:15672/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        return client;
    }
}
