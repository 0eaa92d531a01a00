using System.Net;
using System.Net.Http.Json;
using System.Text;
using NUnit.Framework;
using RabbitMQ.Client;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>A gateway on a broker of its own (fresh virtual host) with the test's queue bound to the exchange.</summary>
public abstract class EchoWebhookFixture : ExchangeFixture
{
    protected override string Exchange => ReceiptQueue.Exchange;
}

public sealed class When_echo_posts_a_stage_event : EchoWebhookFixture
{
    [Test]
    public async Task Should_answer_202_with_the_receipt_id_of_the_one_published_message()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedBody>();
        var published = await Queue.NextAsync();
        var left = await Queue.CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(accepted!.ReceiptId, Is.Not.EqualTo(Guid.Empty));
            Assert.That(published.Contract.ReceiptId, Is.EqualTo(accepted.ReceiptId));
            Assert.That(published.Properties.MessageId, Is.EqualTo(accepted.ReceiptId.ToString()));
            Assert.That(left, Is.Zero, "more than one message was published");
        });
    }

    [Test]
    public async Task Should_publish_the_event_byte_for_byte_with_tenant_and_envelope()
    {
        var before = DateTimeOffset.UtcNow;
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var published = await Queue.NextAsync();
        var receipt = published.Contract;
        Assert.Multiple(() =>
        {
            Assert.That(published.RawEvent, Is.EqualTo(WebhookBodies.StageStarting.Trim()), "the Echo body was altered");
            Assert.That(published.MemberNames, Is.EqualTo(new[] { "receiptId", "tenant", "receivedAt", "envelope", "event" }));
            Assert.That(receipt.Tenant, Is.EqualTo(GatewayServer.Tenant));
            Assert.That(receipt.Envelope, Is.EqualTo("raw"));
            Assert.That(receipt.ReceivedAt, Is.InRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
            Assert.That(receipt.Event.GetProperty("details").GetProperty("type").GetString(), Is.EqualTo("orca:stage:starting"));
        });
    }

    [Test]
    public async Task Should_publish_a_persistent_json_message()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var published = await Queue.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(published.Properties.DeliveryMode, Is.EqualTo(DeliveryModes.Persistent));
            Assert.That(published.Properties.ContentType, Is.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task Should_accept_the_url_without_the_trailing_slash_too()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting, path: "webhooks/echo");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Queue.NextAsync()).RawEvent, Is.EqualTo(WebhookBodies.StageStarting.Trim()));
    }

    [Test]
    public async Task Should_accept_basic_auth_with_the_token_as_password_and_any_user_name()
    {
        using var response = await Gateway.SendAsync("webhooks/echo/", GatewayServer.Json(WebhookBodies.StageStarting),
            GatewayServer.Basic("spinnaker-echo", GatewayServer.OtherToken));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Queue.NextAsync()).Contract.Tenant, Is.EqualTo(GatewayServer.OtherTenant));
    }

    [TestCase("application/json; charset=UTF-8")]
    [TestCase("application/cloudevents+json")]
    public async Task Should_accept_json_media_types(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(WebhookBodies.StageStarting));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Gateway.SendAsync("webhooks/echo/", content, new("Bearer", GatewayServer.Token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Queue.NextAsync()).RawEvent, Is.EqualTo(WebhookBodies.StageStarting.Trim()));
    }

    private sealed record AcceptedBody(Guid ReceiptId);
}

public sealed class When_the_caller_has_no_valid_token : EchoWebhookFixture
{
    [Test]
    public async Task Should_answer_401_without_a_token()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting, bearer: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_401_with_a_wrong_bearer_token()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStarting, bearer: GatewayServer.Token + "x");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_401_when_the_token_is_the_basic_user_name_instead_of_the_password()
    {
        using var response = await Gateway.SendAsync("webhooks/echo/", GatewayServer.Json(WebhookBodies.StageStarting),
            GatewayServer.Basic(GatewayServer.Token, "not-the-token"));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }
}

public sealed class When_the_body_is_not_an_echo_event : EchoWebhookFixture
{
    [TestCase("this is not json", TestName = "Should_answer_400_for_text_that_is_not_JSON")]
    [TestCase("""{"details":{"type":"orca:stage:starting"}} trailing""", TestName = "Should_answer_400_for_JSON_followed_by_garbage")]
    [TestCase("""{"details":{"type":"orca:stage:starting"},""", TestName = "Should_answer_400_for_truncated_JSON")]
    [TestCase("""{"content":{}}""", TestName = "Should_answer_400_for_JSON_without_details")]
    [TestCase("""{"details":{"source":"orca"}}""", TestName = "Should_answer_400_for_JSON_without_details_type")]
    [TestCase("""{"details":{"type":42}}""", TestName = "Should_answer_400_when_details_type_is_not_a_string")]
    [TestCase("""[{"details":{"type":"orca:stage:starting"}}]""", TestName = "Should_answer_400_for_a_JSON_array")]
    [TestCase("""{"eventName":"spinnaker_events","payload":{"content":{}}}""", TestName = "Should_answer_400_for_a_wrapped_payload_without_details_type")]
    [TestCase("""{"eventName":"spinnaker_events","payload":{"details":"{not json","content":"{}"}}""", TestName = "Should_answer_400_for_flattened_details_that_are_not_JSON")]
    [TestCase("", TestName = "Should_answer_400_for_an_empty_body")]
    public async Task Should_answer_400_and_publish_nothing(string body)
    {
        using var response = await Gateway.PostEchoAsync(body);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        await AssertNothingPublished();
    }
}

public sealed class When_the_content_type_is_not_json : EchoWebhookFixture
{
    [Test]
    public async Task Should_answer_415_for_text_plain()
    {
        using var response = await Gateway.SendAsync("webhooks/echo/",
            new StringContent(WebhookBodies.StageStarting, Encoding.UTF8, "text/plain"), new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_415_without_a_content_type()
    {
        using var response = await Gateway.SendAsync("webhooks/echo/",
            new ByteArrayContent(Encoding.UTF8.GetBytes(WebhookBodies.StageStarting)), new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingPublished();
    }
}

public sealed class When_the_body_is_larger_than_the_limit : EchoWebhookFixture
{
    private const int Limit = 2048;

    protected override (string Key, string Value)[] Settings => [("Mesh:Webhooks:MaxBodyBytes", Limit.ToString())];

    [Test]
    public async Task Should_answer_413_from_the_content_length()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.StageStartingOfSize(Limit + 1));

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_413_from_the_content_length_before_the_body_is_sent()
    {
        // Only the headers go out: a gateway that waited for the body would time out here instead of answering.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Gateway.Address.Port);
        var stream = client.GetStream();
        var head = $"POST /webhooks/echo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {GatewayServer.Token}\r\n" +
                   $"Content-Type: application/json\r\nContent-Length: {Limit * 100}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var response = Encoding.ASCII.GetString(buffer, 0, read);
        Assert.That(response, Does.StartWith("HTTP/1.1 413"));
        Assert.That(response, Does.Contain("Content-Type: application/problem+json"));
    }

    [Test]
    public async Task Should_answer_413_while_streaming_a_chunked_body()
    {
        var body = Encoding.UTF8.GetBytes(WebhookBodies.StageStartingOfSize(Limit * 4));
        using var response = await Gateway.SendAsync("webhooks/echo/", new UnknownLengthContent(body, "application/json"),
            new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_accept_a_chunked_body_of_exactly_the_limit()
    {
        var body = WebhookBodies.StageStartingOfSize(Limit);
        using var response = await Gateway.SendAsync("webhooks/echo/",
            new UnknownLengthContent(Encoding.UTF8.GetBytes(body), "application/json"), new("Bearer", GatewayServer.Token));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawEvent, Is.EqualTo(body.Trim()));
    }
}

public sealed class When_echo_wraps_the_event : EchoWebhookFixture
{
    [Test]
    public async Task Should_unwrap_the_wrapped_envelope()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.Wrapped(WebhookBodies.StageStarting));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        await AssertPublishedPlainEvent("wrapped");
    }

    [Test]
    public async Task Should_unwrap_the_wrapped_and_flattened_envelope()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.WrappedFlattened(WebhookBodies.StageStarting));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        await AssertPublishedPlainEvent("wrapped-flattened");
    }

    [Test]
    public async Task Should_unflatten_an_event_flattened_without_wrap()
    {
        using var response = await Gateway.PostEchoAsync(WebhookBodies.Flattened(WebhookBodies.StageStarting));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        await AssertPublishedPlainEvent("flattened");
    }

    private async Task AssertPublishedPlainEvent(string envelope)
    {
        var published = await Queue.NextAsync();
        var expected = System.Text.Json.Nodes.JsonNode.Parse(WebhookBodies.StageStarting);
        var actual = System.Text.Json.Nodes.JsonNode.Parse(published.RawEvent);
        Assert.Multiple(() =>
        {
            Assert.That(published.Contract.Envelope, Is.EqualTo(envelope));
            Assert.That(published.Contract.Tenant, Is.EqualTo(GatewayServer.Tenant));
            Assert.That(System.Text.Json.Nodes.JsonNode.DeepEquals(actual, expected), Is.True,
                $"the unwrapped event differs from the plain event:\n{published.RawEvent}");
        });
    }
}
