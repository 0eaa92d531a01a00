using Microsoft.Extensions.Options;
using NUnit.Framework;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>A setting that cannot work stops the gateway at start, naming the key, instead of failing on the first webhook.</summary>
public sealed class When_the_gateway_is_configured_with_settings_that_cannot_work
{
    private TestRabbitMq _rabbitMq = null!;

    [OneTimeSetUp]
    public async Task CreateVirtualHost() => _rabbitMq = await TestRabbitMq.CreateAsync();

    [OneTimeTearDown]
    public async Task DeleteVirtualHost() => await _rabbitMq.DisposeAsync();

    [TestCase("Mesh:Broker:PublishChannels", "0")]
    [TestCase("Mesh:Broker:PublishTimeout", "00:00:00")]
    [TestCase("Mesh:Broker:ReconnectInterval", "-00:00:01")]
    [TestCase("Mesh:Webhooks:MaxBodyBytes", "0")]
    [TestCase("Mesh:Webhooks:MaxBodyBytes", "4294967296")]
    [TestCase("Mesh:Webhooks:Tokens:2:Tenant", "token-less")]
    public void Should_refuse_to_start_naming_the_key(string key, string value)
    {
        var failure = Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await (await GatewayServer.StartAsync(_rabbitMq.ConnectionString, (key, value))).DisposeAsync());

        // Tokens:2 has no Token: the rule names the entry's own key.
        var expected = key.EndsWith(":Tenant", StringComparison.Ordinal) ? key.Replace(":Tenant", ":Token") : key;
        Assert.That(failure!.Failures, Has.Some.StartsWith(expected + ": "), string.Join("\n", failure.Failures));
    }
}
