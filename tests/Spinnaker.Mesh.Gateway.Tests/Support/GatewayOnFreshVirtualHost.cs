using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>A ready gateway on a virtual host of the fixture's own, with nothing bound to its exchange; both removed after.</summary>
internal abstract class GatewayOnFreshVirtualHost
{
    protected TestRabbitMq RabbitMq { get; private set; } = null!;
    protected GatewayServer Gateway { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        RabbitMq = await TestRabbitMq.CreateAsync();
        Gateway = await GatewayServer.StartAsync(RabbitMq.ConnectionString);
        await Gateway.WaitUntilReadyAsync();
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        await Gateway.DisposeAsync();
        await RabbitMq.DisposeAsync();
    }
}
