using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>
/// 30 runs of a pipeline whose deploy takes about 40 s, then 5 runs where it takes about 100 s; the bake before it
/// never changes. Runs are published one after another, as a pipeline runs, so each completion sees the ones before.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_recent_runs_of_a_pipeline_are_much_slower_than_its_history
{
    private const string Tenant = "tree-regressions";
    private const string Pipeline = "Deploy to production";

    private static readonly IReadOnlyList<PipelineRun> Fast = [.. Enumerable.Range(0, 30).Select(i => Run(i, deploySeconds: 40 + i % 4))];
    private static readonly IReadOnlyList<PipelineRun> Slow = [.. Enumerable.Range(30, 5).Select(i => Run(i, deploySeconds: 100 + i % 4))];

    private static PipelineRun Run(int index, double deploySeconds) =>
        new PipelineRun(Tenant, $"01HZT5REGRESS{index:D13}", "checkout", Pipeline, PipelineRun.T0 + TimeSpan.FromHours(index))
            .Stage("1", "bake", at: 0, seconds: 20, name: "Bake")
            .Stage("2", "deployManifest", at: 21, seconds: deploySeconds, after: ["1"], name: "Deploy");

    private JsonElement[] _regressions = [];

    [OneTimeSetUp]
    public async Task RunThePipeline()
    {
        var service = ServiceUnderTest.Service;
        // The history needs no order among itself: only the completions of the slow runs are evaluated against it.
        await service.PublishAsync(Fast.Select(r => r.Completed()));
        foreach (var run in Fast) await service.CompletedTreeAsync(run);
        foreach (var run in Slow)
        {
            await service.PublishAsync([run.Completed()]);
            await service.CompletedTreeAsync(run);
        }
        var listed = await Eventually.GetAsync(
            () => service.GetJsonAsync($"api/regressions?application=checkout&pipeline={Uri.EscapeDataString(Pipeline)}", Tenant),
            list => list.GetProperty("regressions").EnumerateArray().Any(r => Matches(r, Slow[^1].ExecutionId, null)),
            TimeSpan.FromSeconds(30), $"a regression of the pipeline detected by the last slow run\n{service.Logs}");
        _regressions = [.. listed.GetProperty("regressions").EnumerateArray()];
    }

    [Test]
    public void Should_record_a_regression_of_the_pipeline_with_its_figures()
    {
        var regression = _regressions.Single(r => Matches(r, Slow[^1].ExecutionId, null));

        Assert.Multiple(() =>
        {
            Assert.That(regression.GetProperty("application").GetString(), Is.EqualTo("checkout"));
            Assert.That(regression.GetProperty("pipelineName").GetString(), Is.EqualTo(Pipeline));
            Assert.That(regression.GetProperty("stageName").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(regression.GetProperty("baselineCount").GetInt32(), Is.EqualTo(30));
            Assert.That(regression.GetProperty("recentCount").GetInt32(), Is.EqualTo(5));
            // Runs take bake 20 s + 1 s gap + deploy + 1 s: 62-65 s before, 122-125 s now.
            Assert.That(regression.GetProperty("baselineMedianMs").GetDouble(), Is.InRange(62_000, 65_000));
            Assert.That(regression.GetProperty("recentMedianMs").GetDouble(), Is.InRange(122_000, 125_000));
            Assert.That(regression.GetProperty("ratio").GetDouble(), Is.GreaterThan(1.5));
            Assert.That(regression.GetProperty("pValue").GetDouble(), Is.LessThan(0.01));
            Assert.That(regression.GetProperty("detectedAt").GetString(), Does.EndWith("Z"));
        });
    }

    [Test]
    public void Should_record_a_regression_of_the_stage_that_got_slower_and_none_of_the_one_that_did_not()
    {
        var stage = _regressions.Single(r => Matches(r, Slow[^1].ExecutionId, "2"));
        Assert.That(stage.GetProperty("stageName").GetString(), Is.EqualTo("Deploy"));
        Assert.That(stage.GetProperty("recentMedianMs").GetDouble(), Is.InRange(100_000, 103_000));
        Assert.That(_regressions.Where(r => r.GetProperty("stageRefId").GetString() == "1"), Is.Empty, "the bake did not change");
    }

    [Test]
    public void Should_be_revealed_only_by_slow_runs()
    {
        Assert.That(_regressions.Select(r => r.GetProperty("detectedByExecutionId").GetString()).Distinct(),
            Is.SubsetOf(Slow.Select(r => r.ExecutionId)));
    }

    [Test]
    public async Task Should_publish_an_ExecutionDurationRegressed_event_a_subscriber_receives()
    {
        var expected = _regressions.Single(r => Matches(r, Slow[^1].ExecutionId, null));
        var id = expected.GetProperty("id").GetGuid();

        var received = await Eventually.GetAsync(
            () => Task.FromResult(ServiceUnderTest.Service.Regressions.Messages.FirstOrDefault(m => m.Message.EventId == id)),
            m => m is not null, TimeSpan.FromSeconds(20), "the subscriber to receive ExecutionDurationRegressed");

        Assert.Multiple(() =>
        {
            Assert.That(received!.MessageId, Is.EqualTo(id), "MessageId is the deterministic event id subscribers deduplicate on");
            Assert.That(received.Message.Tenant, Is.EqualTo(Tenant));
            Assert.That(received.Message.Application, Is.EqualTo("checkout"));
            Assert.That(received.Message.PipelineName, Is.EqualTo(Pipeline));
            Assert.That(received.Message.StageRefId, Is.Null);
            Assert.That(received.Message.DetectedByExecutionId, Is.EqualTo(Slow[^1].ExecutionId));
            Assert.That(received.Message.BaselineCount, Is.EqualTo(30));
            Assert.That(received.Message.RecentMedianMs, Is.EqualTo(expected.GetProperty("recentMedianMs").GetDouble()));
            Assert.That(received.Message.PValue, Is.EqualTo(expected.GetProperty("pValue").GetDouble()));
        });
    }

    [Test]
    public async Task Should_record_and_publish_nothing_more_when_the_slow_runs_arrive_again()
    {
        var service = ServiceUnderTest.Service;
        await Eventually.GetAsync(() => Task.FromResult(service.Regressions.Messages.Count(m => m.Message.Tenant == Tenant)),
            count => count >= _regressions.Length, TimeSpan.FromSeconds(20), "every recorded regression to be received");
        var rows = await service.CountAsync("SELECT count(*) FROM execution_tree.regressions WHERE tenant = @tenant", Tenant);
        var received = service.Regressions.Messages.Count(m => m.Message.Tenant == Tenant);

        await service.PublishAsync(Slow.Select(r => r.Completed()));
        await service.DrainedAsync();

        Assert.That(await service.CountAsync("SELECT count(*) FROM execution_tree.regressions WHERE tenant = @tenant", Tenant), Is.EqualTo(rows));
        Assert.That(service.Regressions.Messages.Count(m => m.Message.Tenant == Tenant), Is.EqualTo(received));
        Assert.That(rows, Is.EqualTo(_regressions.Length));
    }

    private static bool Matches(JsonElement regression, string detectedBy, string? stageRefId) =>
        regression.GetProperty("detectedByExecutionId").GetString() == detectedBy
        && regression.GetProperty("stageRefId").GetString() == stageRefId;
}
