using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

public sealed class When_the_broker_is_unreachable
{
    private GatewayServer _gateway = null!;

    [OneTimeSetUp]
    public async Task StartGatewayAgainstAClosedPort() =>
        // Nothing listens there: the gateway must still start and keep trying in the background.
        _gateway = await GatewayServer.StartAsync($"amqp://guest:guest@127.0.0.1:{FreePort.Next()}/");

    [OneTimeTearDown]
    public async Task StopGateway() => await _gateway.DisposeAsync();

    [Test]
    public async Task Should_answer_503_with_retry_after()
    {
        using var response = await _gateway.PostEchoAsync(WebhookBodies.StageStarting);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Should_answer_503_with_retry_after_to_kayenta_too()
    {
        using var response = await _gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [TestCase("webhooks/commits", ChangeBodies.CommitList)]
    [TestCase("webhooks/incidents", ChangeBodies.Incident)]
    public async Task Should_answer_503_with_retry_after_to_the_change_webhooks_too(string path, string body)
    {
        using var response = await _gateway.PostWebhookAsync(path, body);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task Should_report_not_ready_but_live()
    {
        using var ready = await _gateway.Client.GetAsync("health/ready");
        using var live = await _gateway.Client.GetAsync("health/live");

        Assert.Multiple(() =>
        {
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Should_still_check_the_token_first()
    {
        using var response = await _gateway.PostEchoAsync(WebhookBodies.StageStarting, bearer: "wrong");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }
}

internal sealed class When_no_queue_is_bound_to_the_exchange : GatewayOnFreshVirtualHost
{
    [Test, Order(1)]
    public async Task Should_answer_503_because_the_broker_returned_the_message()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test, Order(1)]
    public async Task Should_answer_503_to_kayenta_because_the_broker_returned_the_message()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test, Order(1)]
    public async Task Should_answer_503_to_github_because_the_broker_returned_the_message()
    {
        using var response = await Gateway.SendAsync("webhooks/github", GatewayServer.Json(ChangeBodies.GitHubPush),
            GatewayServer.Basic("mesh", GatewayServer.Token), ("X-GitHub-Event", "push"));

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Test, Order(1)]
    public async Task Should_answer_503_to_gitlab_because_the_broker_returned_the_message()
    {
        using var response = await Gateway.PostWebhookAsync("webhooks/gitlab", ChangeBodies.GitLabPush, GatewayServer.Token, ("X-Gitlab-Event", "Push Hook"));

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Order(1)]
    [TestCase("webhooks/commits", ChangeBodies.CommitList)]
    [TestCase("webhooks/incidents", ChangeBodies.Incident)]
    public async Task Should_answer_503_to_the_change_webhooks_because_the_broker_returned_the_message(string path, string body)
    {
        using var response = await Gateway.PostWebhookAsync(path, body);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test, Order(2)]
    public async Task Should_answer_503_to_incidents_while_only_the_commit_exchange_has_a_queue()
    {
        await using var commits = await ReceiptQueue.BindAsync(RabbitMq.ConnectionString, ReceiptQueue.CommitExchange);

        using var response = await Gateway.PostWebhookAsync("webhooks/incidents", ChangeBodies.Incident);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(await commits.CountAsync(), Is.Zero, "the incident went to the commit exchange");
    }

    [Test, Order(2)]
    public async Task Should_answer_503_to_kayenta_while_only_the_echo_exchange_has_a_queue()
    {
        await using var echo = await ReceiptQueue.BindAsync(RabbitMq.ConnectionString);

        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(await echo.CountAsync(), Is.Zero, "the status went to the Echo exchange");
    }

    [Test, Order(3)]
    public async Task Should_accept_kayenta_once_a_queue_is_bound_to_its_exchange()
    {
        await using var queue = await ReceiptQueue.BindAsync(RabbitMq.ConnectionString, ReceiptQueue.KayentaExchange);

        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await queue.NextAsync()).RawMember("status"), Is.EqualTo(KayentaBodies.Succeeded.Trim()));
    }

    [Test, Order(4)]
    public async Task Should_accept_again_once_a_queue_is_bound()
    {
        await using var queue = await ReceiptQueue.BindAsync(RabbitMq.ConnectionString);

        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await queue.NextAsync()).RawEvent, Is.EqualTo(WebhookBodies.StageStarting.Trim()));
    }
}

internal sealed class When_the_broker_drops_the_connection_and_loses_the_exchange : GatewayOnFreshVirtualHost
{
    [Test]
    public async Task Should_reconnect_declare_the_exchange_again_and_accept_webhooks()
    {
        await RabbitMqManagement.DeleteExchangeAsync(RabbitMq.VirtualHost, ReceiptQueue.Exchange);
        await RabbitMqManagement.DeleteExchangeAsync(RabbitMq.VirtualHost, ReceiptQueue.KayentaExchange);
        // The management API lists a new connection after a short delay: retry until it was found and closed.
        await Eventually.GetAsync(() => RabbitMqManagement.CloseConnectionsAsync(RabbitMq.VirtualHost, "mesh-gateway"),
            closed => closed > 0, TimeSpan.FromSeconds(15), "the gateway's connection to be closed");

        // Only the gateway can bring the exchange back: the test has not declared it.
        await Eventually.GetAsync(() => ReceiptQueue.ExchangeExistsAsync(RabbitMq.ConnectionString),
            exists => exists, TimeSpan.FromSeconds(20), "the exchange to be declared again");
        await Gateway.WaitUntilReadyAsync();
        await using var queue = await ReceiptQueue.BindAsync(RabbitMq.ConnectionString);
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await queue.NextAsync()).RawEvent, Is.EqualTo(WebhookBodies.StageStarting.Trim()));
        Assert.That(await ReceiptQueue.ExchangeExistsAsync(RabbitMq.ConnectionString, ReceiptQueue.KayentaExchange), Is.True,
            "the Kayenta exchange was not declared again");
    }
}
