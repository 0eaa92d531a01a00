using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>
/// Starts the rollback service as its own process with settings it must refuse, and returns what it wrote before it
/// exited. Nothing is reachable at the connection strings: the settings are checked before anything is connected.
/// </summary>
internal static class RefusedStart
{
    public static async Task<string> OutputAsync(IDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["ConnectionStrings__postgres"] = "Host=127.0.0.1;Port=9;Username=none;Password=none;Database=none;Timeout=2",
            ["ConnectionStrings__rabbitmq"] = "amqp://guest:guest@127.0.0.1:9/",
        };
        try
        {
            await using var started = await MeshCatalog.Named("rollback").StartAsync(environment, TimeSpan.FromSeconds(60));
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Spinnaker.Mesh.Rollback exited with", StringComparison.Ordinal))
        {
            return e.Message;
        }
        Assert.Fail("the service started with settings it should refuse");
        return "";
    }
}
