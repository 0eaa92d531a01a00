using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments.Service;

/// <summary>Kayenta POSTs a finished canary execution's status; then the same status again (a new receipt) and the same receipt again.</summary>
[TestFixture, NonParallelizable]
public sealed class When_Kayenta_reports_a_succeeded_canary
{
    private const string Tenant = "canary-kayenta";
    private const string CanaryId = "5b2c9f0e-6d1a-4c77-9e2f-3a8b1c0d4e5f";

    private static readonly System.Text.Json.Nodes.JsonObject Status = KayentaStatuses.Succeeded(CanaryId, 74.99,
        parentExecutionId: "01HXPARENTEXEC", classification: "Fail",
        metrics:
        [
            new("p99-latency", "High", "Experiment p99 is 38% above the baseline", Critical: true),
            new("error-rate", "Pass"),
            new("cpu", "Nodata", "No data in the experiment", Group: "system"),
        ],
        groupScores: new Dictionary<string, double> { ["latency"] = 49.98, ["system"] = 100 });

    private JsonElement _judgment;

    [OneTimeSetUp]
    public async Task PostTheStatus()
    {
        var service = ServiceUnderTest.Service;
        var receipt = await service.PostKayentaAsync(Tenant, Status);
        _judgment = await service.JudgmentAsync(Tenant, CanaryId);
        await service.PostKayentaAsync(Tenant, Status);
        await service.PostKayentaAsync(Tenant, Status, receipt);
        await service.AcknowledgedAsync("canary-score-kayenta-webhooks", service.KayentaPublished);
    }

    [Test]
    public void Should_keep_Kayentas_double_score_and_classify_it()
    {
        Assert.That(_judgment.GetProperty("score").GetDouble(), Is.EqualTo(74.99));
        Assert.That(_judgment.GetProperty("classification").GetString(), Is.EqualTo("Fail"), "just below marginal 75");
        Assert.That(_judgment.GetProperty("scoreSource").GetString(), Is.EqualTo("kayenta"));
        Assert.That(_judgment.GetProperty("status").GetString(), Is.EqualTo("succeeded"));
    }

    [Test]
    public void Should_keep_the_group_scores_and_the_metrics_that_did_not_pass_with_their_reasons()
    {
        var groups = _judgment.GetProperty("groupScores").EnumerateArray().Select(g => (g.GetProperty("name").GetString(), g.GetProperty("score").GetDouble()));
        Assert.That(groups, Is.EqualTo(new[] { ("latency", 49.98), ("system", 100.0) }));
        var failing = _judgment.GetProperty("failingMetrics").EnumerateArray()
            .Select(m => (m.GetProperty("name").GetString(), m.GetProperty("classification").GetString(), m.GetProperty("reason").GetString(), m.GetProperty("critical").GetBoolean()));
        Assert.That(failing, Is.EqualTo(new[]
        {
            ("p99-latency", "High", "Experiment p99 is 38% above the baseline", true),
            ("cpu", "Nodata", "No data in the experiment", false),
        }));
    }

    [Test]
    public void Should_take_what_Kayenta_knows_of_the_context()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_judgment.GetProperty("service").GetString(), Is.EqualTo("checkout-api"));
            Assert.That(_judgment.GetProperty("region").GetString(), Is.EqualTo("us-east-1"));
            Assert.That(_judgment.GetProperty("account").ValueKind, Is.EqualTo(JsonValueKind.Null), "only the pipeline knows the deploy account");
            Assert.That(_judgment.GetProperty("pipelineExecutionId").GetString(), Is.EqualTo("01HXPARENTEXEC"));
            Assert.That(_judgment.GetProperty("judgedAt").GetString(), Is.EqualTo("2024-05-14T22:15:39.120Z"));
            Assert.That(_judgment.GetProperty("sources").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "kayenta" }));
        });
    }

    [Test]
    public async Task Should_append_nothing_for_a_re_POST_or_a_redelivery()
    {
        Assert.That(await ServiceUnderTest.Service.StoredEventsAsync(Tenant, $"canary-judgment:{CanaryId}"), Is.EqualTo(1));
    }

    [Test]
    public void Should_publish_the_judgment_once()
    {
        var received = ServiceUnderTest.Service.Messages.JudgmentsOf(Tenant).Where(r => r.Message.JudgmentId == CanaryId).ToList();
        Assert.That(received.Select(r => r.MessageId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(received, Has.Count.EqualTo(1), "a re-POST is no redelivery: nothing new was recorded, nothing is published");
        Assert.That(received[0].Message.Score, Is.EqualTo(74.99));
        Assert.That(received[0].Message.FailingMetrics.Select(m => m.Name), Is.EqualTo(new[] { "p99-latency", "cpu" }));
    }
}

[TestFixture, NonParallelizable]
public sealed class When_Kayenta_reports_a_canary_that_failed_or_is_still_running
{
    private const string Tenant = "canary-kayenta-failed";
    private const string FailedId = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private const string RunningId = "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a";

    private JsonElement _failed;

    [OneTimeSetUp]
    public async Task PostTheStatuses()
    {
        var service = ServiceUnderTest.Service;
        await service.PostKayentaAsync(Tenant, KayentaStatuses.Running(RunningId));
        await service.PostKayentaAsync(Tenant, KayentaStatuses.Terminal(FailedId));
        _failed = await service.JudgmentAsync(Tenant, FailedId);
        await service.AcknowledgedAsync("canary-score-kayenta-webhooks", service.KayentaPublished);
    }

    [Test]
    public void Should_record_the_failed_run_with_Kayentas_error_and_no_score()
    {
        Assert.That(_failed.GetProperty("status").GetString(), Is.EqualTo("terminal"));
        Assert.That(_failed.GetProperty("error").GetString(), Is.EqualTo("Either a resource type or a custom filter is required."));
        Assert.That(_failed.GetProperty("score").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(_failed.GetProperty("classification").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Should_list_the_failed_run_in_the_history()
    {
        var history = await ServiceUnderTest.Service.GetJsonAsync("api/canary/scores?application=checkout", Tenant);
        Assert.That(history.GetProperty("judgments").EnumerateArray().Select(j => j.GetProperty("judgmentId").GetString()), Is.EqualTo(new[] { FailedId }));
    }

    [Test]
    public void Should_publish_no_judgment()
    {
        Assert.That(ServiceUnderTest.Service.Messages.JudgmentsOf(Tenant), Is.Empty);
    }

    [Test]
    public async Task Should_acknowledge_and_ignore_the_running_one()
    {
        using var response = await ServiceUnderTest.Service.GetAsync($"api/canary/scores/{RunningId}", Tenant);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
