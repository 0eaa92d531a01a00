using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

public sealed class When_the_gateway_is_connected_to_the_broker
{
    private TestRabbitMq _rabbitMq = null!;
    private GatewayServer _gateway = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        _rabbitMq = await TestRabbitMq.CreateAsync();
        _gateway = await GatewayServer.StartAsync(_rabbitMq.ConnectionString);
    }

    [OneTimeTearDown]
    public async Task StopGateway()
    {
        await _gateway.DisposeAsync();
        await _rabbitMq.DisposeAsync();
    }

    [Test]
    public async Task Should_be_live_without_a_token()
    {
        using var response = await _gateway.Client.GetAsync("health/live");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Should_become_ready_with_the_broker_check_healthy()
    {
        await _gateway.WaitUntilReadyAsync();
        using var response = await _gateway.Client.GetAsync("health/ready");

        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(report.RootElement.GetProperty("checks").GetProperty("rabbitmq").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [TestCase(ReceiptQueue.Exchange)]
    [TestCase(ReceiptQueue.KayentaExchange)]
    [TestCase(ReceiptQueue.CommitExchange)]
    [TestCase(ReceiptQueue.IncidentExchange)]
    public async Task Should_have_declared_the_durable_fanout_exchange(string exchange)
    {
        await _gateway.WaitUntilReadyAsync();

        Assert.That(await ReceiptQueue.ExchangeExistsAsync(_rabbitMq.ConnectionString, exchange), Is.True, "the exchange was not declared");
        // Declaring it again as a durable fanout fails (PRECONDITION_FAILED) if the gateway declared it any other way.
        Assert.That(async () => await (await ReceiptQueue.BindAsync(_rabbitMq.ConnectionString, exchange)).DisposeAsync(), Throws.Nothing);
    }

    [Test]
    public async Task Should_name_every_webhook_exchange_in_the_ready_report()
    {
        await _gateway.WaitUntilReadyAsync();
        using var response = await _gateway.Client.GetAsync("health/ready");

        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var description = report.RootElement.GetProperty("checks").GetProperty("rabbitmq").GetProperty("description").GetString();
        Assert.That(description, Does.Contain(ReceiptQueue.Exchange).And.Contain(ReceiptQueue.KayentaExchange)
            .And.Contain(ReceiptQueue.CommitExchange).And.Contain(ReceiptQueue.IncidentExchange));
    }
}
