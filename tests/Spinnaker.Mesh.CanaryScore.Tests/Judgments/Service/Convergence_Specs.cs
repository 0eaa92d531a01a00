using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments.Service;

/// <summary>
/// Two canary runs each reported by both Echo (Orca's integer reading) and Kayenta (the double): one Echo first, the
/// other Kayenta first. Each is one stream with one event per source and one judgment.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_the_same_run_arrives_from_Echo_and_from_Kayenta
{
    private const string Tenant = "canary-converge";
    private const string EchoFirst = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b";
    private const string KayentaFirst = "8f9a0b1c-2d3e-4f4a-9b5c-6d7e8f9a0b1c";

    private static readonly CanaryPipelineRun Run = new CanaryPipelineRun(Tenant, "01HXCONVERGE000000000000000")
        .Interval(EchoFirst, 88.46)
        .Interval(KayentaFirst, 91.7);

    private static System.Text.Json.Nodes.JsonObject Status(string id, double score, int interval) => KayentaStatuses.Succeeded(id, score,
        parentExecutionId: Run.ExecutionId, endTime: Run.ScoredAt(interval) - TimeSpan.FromSeconds(2),
        metrics: [new("p99-latency", score < 90 ? "High" : "Pass", score < 90 ? "Higher than the baseline" : null)]);

    private JsonElement _echoFirst;
    private JsonElement _kayentaFirst;

    [OneTimeSetUp]
    public async Task ReportBothWays()
    {
        var service = ServiceUnderTest.Service;
        await service.PublishAsync([Run.RunCanaryCompleted(1)]);
        await service.JudgmentAsync(Tenant, EchoFirst);
        await service.PostKayentaAsync(Tenant, Status(EchoFirst, 88.46, 1));
        _echoFirst = await service.JudgmentAsync(Tenant, EchoFirst, j => j.GetProperty("sources").GetArrayLength() == 2, "both sources of the first run");

        await service.PostKayentaAsync(Tenant, Status(KayentaFirst, 91.7, 2));
        await service.JudgmentAsync(Tenant, KayentaFirst);
        await service.PublishAsync(Run.Events());
        _kayentaFirst = await service.JudgmentAsync(Tenant, KayentaFirst, j => j.GetProperty("sources").GetArrayLength() == 2, "both sources of the second run");
    }

    [Test]
    public void Should_let_Kayentas_double_score_win_whichever_came_first()
    {
        Assert.That(_echoFirst.GetProperty("score").GetDouble(), Is.EqualTo(88.46), "Orca had said 88");
        Assert.That(_kayentaFirst.GetProperty("score").GetDouble(), Is.EqualTo(91.7), "Orca says 91");
        Assert.That(_echoFirst.GetProperty("scoreSource").GetString(), Is.EqualTo("kayenta"));
        Assert.That(_kayentaFirst.GetProperty("scoreSource").GetString(), Is.EqualTo("kayenta"));
        Assert.That(_echoFirst.GetProperty("failingMetrics")[0].GetProperty("name").GetString(), Is.EqualTo("p99-latency"));
    }

    [Test]
    public void Should_keep_the_pipelines_context_whichever_came_first()
    {
        foreach (var (judgment, interval) in new[] { (_echoFirst, 1), (_kayentaFirst, 2) })
        {
            Assert.That(judgment.GetProperty("account").GetString(), Is.EqualTo("prod-us"));
            Assert.That(judgment.GetProperty("environment").GetString(), Is.EqualTo("production"));
            Assert.That(judgment.GetProperty("stageId").GetString(), Is.EqualTo(Run.RunCanaryStageId(interval)));
            Assert.That(judgment.GetProperty("pipelineExecutionId").GetString(), Is.EqualTo(Run.ExecutionId));
            Assert.That(judgment.GetProperty("sources").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "echo", "kayenta" }));
        }
    }

    [Test]
    public async Task Should_store_one_event_per_source()
    {
        Assert.That(await ServiceUnderTest.Service.StoredEventsAsync(Tenant, $"canary-judgment:{EchoFirst}"), Is.EqualTo(2));
        Assert.That(await ServiceUnderTest.Service.StoredEventsAsync(Tenant, $"canary-judgment:{KayentaFirst}"), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_list_each_run_once()
    {
        var history = await ServiceUnderTest.Service.GetJsonAsync("api/canary/scores?application=checkout", Tenant);
        Assert.That(history.GetProperty("judgments").EnumerateArray().Select(j => j.GetProperty("judgmentId").GetString()),
            Is.EqualTo(new[] { KayentaFirst, EchoFirst }), "newest first");
    }

    [Test]
    public async Task Should_publish_one_judgment_per_run_from_the_source_that_came_first()
    {
        var received = await Eventually.GetAsync(() => Task.FromResult(ServiceUnderTest.Service.Messages.JudgmentsOf(Tenant)),
            r => r.Count >= 2, TimeSpan.FromSeconds(30), "two CanaryJudged");
        Assert.That(received.Select(r => r.Message.JudgmentId).Order(), Is.EqualTo(new[] { EchoFirst, KayentaFirst }.Order()));
        Assert.That(received.Single(r => r.Message.JudgmentId == EchoFirst).Message.Score, Is.EqualTo(88), "recorded first from Orca");
        Assert.That(received.Single(r => r.Message.JudgmentId == KayentaFirst).Message.Score, Is.EqualTo(91.7));
    }
}
