using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments.Service;

/// <summary>
/// A pipeline's canary stage with two intervals, sent by Echo as Orca runs it: each interval's end, the canary stage's
/// end and the pipeline's, every one carrying the snapshot (so each run is seen three times).
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_Orca_reports_a_canary_with_two_intervals_through_Echo
{
    private const string Tenant = "canary-echo";
    private static readonly CanaryPipelineRun Run = new CanaryPipelineRun(Tenant, "01HXWHX6R3HFD8E84SY7VMEQQ9")
        .Interval("01HXWJRPAW82VSPQWCAQG7CF75", 88.4)
        .Interval("01HXWKND2W5NRWRHPV3D401ADS", 93.99);

    private JsonElement _first;
    private JsonElement _second;

    [OneTimeSetUp]
    public async Task PublishTheRun()
    {
        var service = ServiceUnderTest.Service;
        await service.PublishAsync(Run.Events());
        _first = await service.JudgmentAsync(Tenant, "01HXWJRPAW82VSPQWCAQG7CF75");
        _second = await service.JudgmentAsync(Tenant, "01HXWKND2W5NRWRHPV3D401ADS");
        // Publishing the whole run again is what a redelivery of every message looks like.
        await service.PublishAsync(Run.Events());
        await service.AcknowledgedAsync("canary-score-execution-events", 2 * Run.Events().Count);
    }

    [Test]
    public void Should_record_one_judgment_per_interval_with_Orcas_integer_score()
    {
        Assert.That(_first.GetProperty("score").GetDouble(), Is.EqualTo(88));
        Assert.That(_second.GetProperty("score").GetDouble(), Is.EqualTo(93), "93.99 read as Orca reads it: truncated");
        Assert.That(_first.GetProperty("classification").GetString(), Is.EqualTo("Marginal"), "88 is between marginal 75 and pass 90");
        Assert.That(_second.GetProperty("classification").GetString(), Is.EqualTo("Pass"));
    }

    [Test]
    public void Should_describe_the_run_from_the_pipeline()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_first.GetProperty("application").GetString(), Is.EqualTo("checkout"));
            Assert.That(_first.GetProperty("service").GetString(), Is.EqualTo("checkout-api"));
            Assert.That(_first.GetProperty("account").GetString(), Is.EqualTo("prod-us"));
            Assert.That(_first.GetProperty("environment").GetString(), Is.EqualTo("production"));
            Assert.That(_first.GetProperty("region").GetString(), Is.EqualTo("us-east-1"));
            Assert.That(_first.GetProperty("configId").GetString(), Is.EqualTo(Run.ConfigId));
            Assert.That(_first.GetProperty("configName").GetString(), Is.EqualTo("checkout-latency"));
            Assert.That(_first.GetProperty("passThreshold").GetDouble(), Is.EqualTo(90));
            Assert.That(_first.GetProperty("marginalThreshold").GetDouble(), Is.EqualTo(75));
            Assert.That(_first.GetProperty("pipelineExecutionId").GetString(), Is.EqualTo(Run.ExecutionId));
            Assert.That(_first.GetProperty("stageId").GetString(), Is.EqualTo(Run.RunCanaryStageId(1)));
            Assert.That(_first.GetProperty("interval").GetInt32(), Is.EqualTo(1));
            Assert.That(_first.GetProperty("judgedAt").GetDateTimeOffset(), Is.EqualTo(Run.ScoredAt(1)));
            Assert.That(_first.GetProperty("sources").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "echo" }));
            Assert.That(_first.GetProperty("scoreSource").GetString(), Is.EqualTo("echo"));
            Assert.That(_first.GetProperty("groupScores").GetArrayLength(), Is.Zero, "Orca knows no group scores");
        });
    }

    [Test]
    public async Task Should_store_one_event_per_run_however_often_Echo_shows_it()
    {
        Assert.That(await ServiceUnderTest.Service.StoredEventsAsync(Tenant, "canary-judgment:01HXWJRPAW82VSPQWCAQG7CF75"), Is.EqualTo(1));
        Assert.That(await ServiceUnderTest.Service.StoredEventsAsync(Tenant, "canary-judgment:01HXWKND2W5NRWRHPV3D401ADS"), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_publish_each_judgment_once_with_its_event_id_as_message_id()
    {
        var received = await Eventually.GetAsync(() => Task.FromResult(ServiceUnderTest.Service.Messages.JudgmentsOf(Tenant)),
            r => r.Count >= 2, TimeSpan.FromSeconds(30), "two CanaryJudged");
        Assert.That(received.Select(r => r.Message.JudgmentId).Order(), Is.EqualTo(new[] { "01HXWJRPAW82VSPQWCAQG7CF75", "01HXWKND2W5NRWRHPV3D401ADS" }));
        Assert.That(received.All(r => r.MessageId == r.Message.EventId), Is.True);
        var first = received.Single(r => r.Message.JudgmentId == "01HXWJRPAW82VSPQWCAQG7CF75").Message;
        Assert.That((first.Score, first.Classification, first.Account, first.Environment, first.StageId),
            Is.EqualTo((88.0, "Marginal", (string?)"prod-us", (string?)"production", (string?)Run.RunCanaryStageId(1))));
    }
}
