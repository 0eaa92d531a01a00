using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using RabbitMQ.Client;
using Spinnaker.Mesh.Contracts.Kayenta.V1;
using Spinnaker.Mesh.Gateway.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests;

/// <summary>A gateway on a broker of its own (fresh virtual host) with the test's queue bound to <c>mesh.kayenta-webhooks</c>.</summary>
public abstract class KayentaWebhookFixture : ExchangeFixture
{
    protected override string Exchange => ReceiptQueue.KayentaExchange;
}

public sealed class When_kayenta_reports_a_canary_execution_status : KayentaWebhookFixture
{
    [Test]
    public async Task Should_answer_202_with_the_receipt_id_of_the_one_published_message()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedBody>();
        // Already queued when the 202 arrived: the gateway answers only after the broker's confirm.
        var queued = await Queue.CountAsync();
        var published = await Queue.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(queued, Is.EqualTo(1), "the message was not on the queue when the 202 arrived");
            Assert.That(accepted!.ReceiptId, Is.Not.EqualTo(Guid.Empty));
            Assert.That(published.As<KayentaCanaryReported>().ReceiptId, Is.EqualTo(accepted.ReceiptId));
            Assert.That(published.Properties.MessageId, Is.EqualTo(accepted.ReceiptId.ToString()));
        });
    }

    [Test]
    public async Task Should_publish_the_status_byte_for_byte_behind_the_receipt()
    {
        var before = DateTimeOffset.UtcNow;
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var published = await Queue.NextAsync();
        var reported = published.As<KayentaCanaryReported>();
        Assert.Multiple(() =>
        {
            Assert.That(published.RawMember("status"), Is.EqualTo(KayentaBodies.Succeeded.Trim()), "the Kayenta body was altered");
            Assert.That(published.MemberNames, Is.EqualTo(new[] { "receiptId", "tenant", "receivedAt", "status" }));
            Assert.That(reported.Tenant, Is.EqualTo(GatewayServer.Tenant));
            Assert.That(reported.ReceivedAt, Is.InRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
            Assert.That(reported.Status.GetProperty("pipelineId").GetString(), Is.EqualTo(KayentaBodies.CanaryExecutionId));
        });
    }

    [Test]
    public async Task Should_publish_a_persistent_json_message()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var published = await Queue.NextAsync();
        Assert.Multiple(() =>
        {
            Assert.That(published.Properties.DeliveryMode, Is.EqualTo(DeliveryModes.Persistent));
            Assert.That(published.Properties.ContentType, Is.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task Should_carry_the_trace_context_in_the_headers()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var headers = (await Queue.NextAsync()).Properties.Headers;
        Assert.That(headers, Is.Not.Null);
        var traceParent = Encoding.UTF8.GetString((byte[])headers!["traceparent"]!);
        Assert.Multiple(() =>
        {
            Assert.That(traceParent, Does.Match("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$"));
            Assert.That(Encoding.UTF8.GetString((byte[])headers["MT-Activity-Id"]!), Is.EqualTo(traceParent));
        });
    }

    [Test]
    public async Task Should_accept_a_status_that_is_not_complete_yet()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Running);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawMember("status"), Is.EqualTo(KayentaBodies.Running.Trim()));
    }

    [Test]
    public async Task Should_accept_the_url_with_a_trailing_slash_too()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Running, path: "webhooks/kayenta/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawMember("status"), Is.EqualTo(KayentaBodies.Running.Trim()));
    }

    [Test]
    public async Task Should_publish_nothing_to_the_echo_exchange()
    {
        await using var echo = await ReceiptQueue.BindAsync(RabbitMq, ReceiptQueue.Exchange);

        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await echo.CountAsync(), Is.Zero, "a Kayenta status reached the Echo exchange");
    }

    private sealed record AcceptedBody(Guid ReceiptId);
}

public sealed class When_kayenta_writes_values_it_could_not_compute : KayentaWebhookFixture
{
    [Test]
    public async Task Should_accept_NaN_and_Infinity_strings_in_metric_values()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var status = (await Queue.NextAsync()).As<KayentaCanaryReported>().Status;
        var results = status.GetProperty("result").GetProperty("judgeResult").GetProperty("results");
        Assert.Multiple(() =>
        {
            Assert.That(results[1].GetProperty("resultMetadata").GetProperty("ratio").GetString(), Is.EqualTo("NaN"));
            Assert.That(results[1].GetProperty("controlMetadata").GetProperty("stats").GetProperty("mean").GetString(), Is.EqualTo("NaN"));
            Assert.That(results[2].GetProperty("resultMetadata").GetProperty("ratio").GetString(), Is.EqualTo("Infinity"));
        });
    }

    [TestCase("canary-execution-status.succeeded.json")]
    [TestCase("canary-execution-status.terminal-exception.json")]
    public async Task Should_accept_the_shared_fixture_as_is(string file)
    {
        if (KayentaBodies.FixtureFolder is not { } folder)
        {
            const string reason = "The shared Kayenta fixtures folder is absent (set MESH_FIXTURES).";
            if (EchoFixtures.Required) Assert.Fail(reason);
            Assert.Ignore(reason);
            return;
        }
        var body = await File.ReadAllTextAsync(Path.Combine(folder, file));

        using var response = await Gateway.PostKayentaAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That((await Queue.NextAsync()).RawMember("status"), Is.EqualTo(body.Trim()));
    }
}

public sealed class When_the_kayenta_status_is_invalid : KayentaWebhookFixture
{
    public static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, string field, Action<JsonObject> change) =>
            new TestCaseData(KayentaBodies.SucceededWith(change), field).SetName($"Should_answer_400_naming_{field}_when_{name}");

        yield return Case("pipelineId_is_missing", "pipelineId", s => s.Remove("pipelineId"));
        yield return Case("pipelineId_is_empty", "pipelineId", s => s["pipelineId"] = "");
        yield return Case("pipelineId_is_a_number", "pipelineId", s => s["pipelineId"] = 42);
        yield return Case("application_is_missing", "application", s => s.Remove("application"));
        yield return Case("application_is_blank", "application", s => s["application"] = "  ");
        yield return Case("status_is_missing", "status", s => s.Remove("status"));
        yield return Case("status_is_an_object", "status", s => s["status"] = new JsonObject());
        yield return Case("complete_is_a_string", "complete", s => s["complete"] = "true");
        yield return Case("a_succeeded_status_has_no_result", "result", s => s.Remove("result"));
        yield return Case("the_result_has_no_judgeResult", "result.judgeResult", s => s["result"]!.AsObject().Remove("judgeResult"));
        yield return Case("the_judgeResult_has_no_score", "result.judgeResult.score", s => s.JudgeResult().Remove("score"));
        yield return Case("the_score_is_missing", "result.judgeResult.score.score", s => s.Score().Remove("score"));
        yield return Case("the_score_is_NaN", "result.judgeResult.score.score", s => s.Score()["score"] = "NaN");
        yield return Case("the_score_is_Infinity", "result.judgeResult.score.score", s => s.Score()["score"] = "Infinity");
        yield return Case("the_score_is_minus_Infinity", "result.judgeResult.score.score", s => s.Score()["score"] = "-Infinity");
        yield return Case("the_score_is_a_numeric_string", "result.judgeResult.score.score", s => s.Score()["score"] = "93.1");
        yield return Case("the_classification_is_a_number", "result.judgeResult.score.classification", s => s.Score()["classification"] = 1);
        yield return Case("groupScores_is_an_object", "result.judgeResult.groupScores", s => s.JudgeResult()["groupScores"] = new JsonObject());
        yield return Case("results_is_a_string", "result.judgeResult.results", s => s.JudgeResult()["results"] = "none");
    }

    [TestCaseSource(nameof(Invalid))]
    public async Task Should_answer_400_naming_the_field_and_publish_nothing(string body, string field)
    {
        using var response = await Gateway.PostKayentaAsync(body);

        await Problem.AssertInvalidFieldAsync(response, field);
        await AssertNothingPublished();
    }

    [TestCase("[]", TestName = "Should_answer_400_for_a_JSON_array")]
    [TestCase("\"succeeded\"", TestName = "Should_answer_400_for_a_JSON_string")]
    [TestCase("{\"pipelineId\":", TestName = "Should_answer_400_for_truncated_JSON")]
    [TestCase("not json", TestName = "Should_answer_400_for_text_that_is_not_JSON")]
    [TestCase("", TestName = "Should_answer_400_for_an_empty_body")]
    public async Task Should_answer_400_naming_the_body(string body)
    {
        using var response = await Gateway.PostKayentaAsync(body);

        await Problem.AssertInvalidFieldAsync(response, "$");
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_not_ask_for_a_score_before_the_canary_succeeded()
    {
        // Terminal and running statuses carry no result (kayenta.md §3); only a succeeded, complete one must.
        var terminal = KayentaBodies.SucceededWith(s =>
        {
            s["status"] = "terminal";
            s.Remove("result");
        });

        using var response = await Gateway.PostKayentaAsync(terminal);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }
}

public sealed class When_the_kayenta_caller_has_no_valid_token : KayentaWebhookFixture
{
    [Test]
    public async Task Should_answer_401_without_a_token()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded, bearer: null);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_401_with_a_wrong_token()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded, bearer: "not-" + GatewayServer.Token);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_publish_for_the_tenant_of_the_token()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded, bearer: GatewayServer.OtherToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Queue.NextAsync()).As<KayentaCanaryReported>().Tenant, Is.EqualTo(GatewayServer.OtherTenant));
    }
}

public sealed class When_the_kayenta_body_is_not_acceptable_as_sent : KayentaWebhookFixture
{
    private const int Limit = 2048;

    protected override (string Key, string Value)[] Settings => [("Mesh:Webhooks:MaxBodyBytes", Limit.ToString())];

    [Test]
    public async Task Should_answer_413_over_the_size_limit()
    {
        Assume.That(Encoding.UTF8.GetByteCount(KayentaBodies.Succeeded), Is.GreaterThan(Limit));

        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Succeeded);

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_413_while_streaming_a_chunked_body()
    {
        using var response = await Gateway.SendAsync("webhooks/kayenta",
            new UnknownLengthContent(Encoding.UTF8.GetBytes(KayentaBodies.Succeeded), "application/json"), new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_accept_a_body_within_the_limit()
    {
        using var response = await Gateway.PostKayentaAsync(KayentaBodies.Running);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Should_answer_415_for_text_plain()
    {
        using var response = await Gateway.SendAsync("webhooks/kayenta",
            new StringContent(KayentaBodies.Running, Encoding.UTF8, "text/plain"), new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingPublished();
    }

    [Test]
    public async Task Should_answer_415_without_a_content_type()
    {
        using var response = await Gateway.SendAsync("webhooks/kayenta",
            new ByteArrayContent(Encoding.UTF8.GetBytes(KayentaBodies.Running)), new("Bearer", GatewayServer.Token));

        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingPublished();
    }
}
