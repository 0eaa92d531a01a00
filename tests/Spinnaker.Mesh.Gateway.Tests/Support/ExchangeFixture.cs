using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>A gateway on a broker of its own (fresh virtual host) with the test's queue bound to one webhook exchange.</summary>
public abstract class ExchangeFixture
{
    private TestRabbitMq _rabbitMq = null!;

    internal GatewayServer Gateway { get; private set; } = null!;

    internal ReceiptQueue Queue { get; private set; } = null!;

    internal string RabbitMq => _rabbitMq.ConnectionString;

    /// <summary>The exchange whose messages the tests look at.</summary>
    protected abstract string Exchange { get; }

    protected virtual (string Key, string Value)[] Settings => [];

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _rabbitMq = await TestRabbitMq.CreateAsync();
        Queue = await ReceiptQueue.BindAsync(_rabbitMq.ConnectionString, Exchange);
        Gateway = await GatewayServer.StartAsync(_rabbitMq.ConnectionString, Settings);
        await Gateway.WaitUntilReadyAsync();
    }

    [SetUp]
    public Task StartWithAnEmptyQueue() => Queue.PurgeAsync();

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        await Gateway.DisposeAsync();
        await Queue.DisposeAsync();
        await _rabbitMq.DisposeAsync();
    }

    internal async Task AssertNothingPublished() => Assert.That(await Queue.CountAsync(), Is.Zero, "a message reached the broker");
}
