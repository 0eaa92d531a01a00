using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Echo.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Conformance;

/// <summary>
/// Every Echo event in the shared fixtures folder (real captures and synthetic events written against Orca's and
/// Echo's code) normalizes without rejection to the event kind its <c>details.type</c> calls for, with the same ids
/// on every run. The fixtures are read in place, never copied into the repository.
/// </summary>
public sealed class When_normalizing_the_shared_Echo_fixtures
{
    private const string Absent = "(shared fixtures absent)";
    private const string BareExecution = "execution-terminal-orca-pipelinetrigger.json";

    public static IEnumerable<TestCaseData> Fixtures()
    {
        var root = EchoFixtures.Root;
        var folder = root is null ? null : Path.Combine(root, "echo");
        if (folder is null || !Directory.Exists(folder))
        {
            // One case that skips, or fails where MESH_REQUIRE_FIXTURES=1.
            yield return new TestCaseData(Absent).SetArgDisplayNames(Absent);
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            yield return new TestCaseData(Path.GetFileName(file)).SetArgDisplayNames(Path.GetFileName(file));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Should_normalize_every_Echo_event_to_the_expected_kind_with_stable_ids(string file)
    {
        var body = File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), file));
        var echoEvent = EchoEnvelope.Unwrap(body);
        if (echoEvent is null)
        {
            Assert.That(file, Is.EqualTo(BareExecution), "only the bare execution fixture is not an Echo event");
            return;
        }

        var first = EchoEventNormalizer.Normalize(Receipt(echoEvent));
        var second = EchoEventNormalizer.Normalize(Receipt(echoEvent));
        Assert.That(first.Rejection, Is.Null, $"{file} was rejected");

        var type = JsonNode.Parse(echoEvent)!["details"]!["type"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(first.Events, Is.Not.Empty);
            Assert.That(first.Events[0].Alias, Is.EqualTo(ExpectedAlias(type)), type);
            Assert.That(second.Events.Select(e => e.EventId), Is.EqualTo(first.Events.Select(e => e.EventId)), "ids must not depend on the receipt");
            Assert.That(first.Events.Select(e => e.EventId), Is.Unique);
            Assert.That(first.Events.Select(e => e.Alias), Has.All.Matches<string>(a => IngestEventTypes.TypeOf(a) is not null));
            Assert.That(first.Events, Has.All.Matches<NormalizedEvent>(e => IngestEventTypes.AliasOf(e.Event.GetType()) == e.Alias));
            if (Specifics.TryGetValue(file, out var check)) check(first);
        });
    }

    [Test]
    public void Should_normalize_the_bare_execution_as_a_failed_pipeline()
    {
        var path = Path.Combine(EchoFixtures.RequireEchoFolder(), BareExecution);
        var execution = File.ReadAllText(path);
        using var document = JsonDocument.Parse(execution);
        var root = document.RootElement;
        var executionId = root.GetProperty("id").GetString()!;
        var endTime = root.GetProperty("endTime").GetInt64();
        var stageCount = root.GetProperty("stages").GetArrayLength();

        // Wrapped as Orca's EchoNotifyingExecutionListener would send it; the big execution is inserted as text.
        var application = root.GetProperty("application").GetString();
        var created = (endTime + 120).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var wrapped =
            "{\"details\": {\"source\": \"orca\", \"type\": \"orca:pipeline:failed\", \"created\": \"" + created + "\", " +
            "\"application\": \"" + application + "\", \"requestHeaders\": {}}, " +
            "\"content\": {\"execution\": " + execution + ", \"executionId\": \"" + executionId + "\"}, " +
            "\"eventId\": \"6a0f3c1e-9b2d-4e7f-8a1c-3d5e7f9b1a2c\"}";

        var first = EchoEventNormalizer.Normalize(Receipt(wrapped));
        var second = EchoEventNormalizer.Normalize(Receipt(wrapped));
        Assert.That(first.Rejection, Is.Null);
        var completed = (PipelineCompleted)first.Events.Single().Event;
        var synthetic = completed.Stages.Single(s => s.RefId == "7=1");
        var windowed = completed.Stages.Where(s => s.RefId == "7").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(first.Events.Single().StreamId, Is.EqualTo(executionId));
            Assert.That(second.Events.Single().EventId, Is.EqualTo(first.Events.Single().EventId));
            Assert.That(completed.Execution.Status, Is.EqualTo("TERMINAL"));
            Assert.That(completed.Execution.Canceled, Is.True);
            Assert.That(completed.Execution.CanceledBy, Is.Not.Null);
            Assert.That(completed.Execution.EndTime, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(endTime)));
            Assert.That(completed.OccurredAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(endTime)));
            Assert.That(completed.Execution.Trigger!.Type, Is.EqualTo("pipeline"));
            Assert.That(completed.Execution.Trigger.ParentExecutionId, Is.Not.Null, "from the nested parentExecution");
            Assert.That(completed.Execution.Trigger.ParentPipelineStageId, Is.Not.Null);
            Assert.That(completed.Stages, Has.Count.EqualTo(stageCount));
            Assert.That(synthetic.SyntheticStageOwner, Is.EqualTo("STAGE_BEFORE"));
            Assert.That(synthetic.ParentStageId, Is.EqualTo(windowed.Single().Id));
            Assert.That(synthetic.Errors, Is.Not.Empty, "exception.details of the synthetic stage");
            Assert.That(synthetic.Errors, Has.All.Not.Contains("\tat "), "no stack frames in error messages");
            Assert.That(synthetic.Regions, Is.Not.Empty, "availabilityZones keys");
            Assert.That(synthetic.Tasks, Is.Not.Empty);
        });
    }

    [Test]
    public void Should_carry_the_bare_execution_as_the_snapshot_of_its_synthetic_stage_s_event()
    {
        var execution = File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), BareExecution));
        var root = JsonNode.Parse(execution)!;
        var executionId = root["id"]!.GetValue<string>();
        var stageCount = root["stages"]!.AsArray().Count;
        var synthetic = root["stages"]!.AsArray().Single(s => s!["refId"]!.GetValue<string>() == "7=1")!;
        var stageId = synthetic["id"]!.GetValue<string>();
        var endTime = synthetic["endTime"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Wrapped as Orca's EchoNotifyingStageListener would send the synthetic stage's end (content before execution).
        var wrapped =
            "{\"details\": {\"source\": \"orca\", \"type\": \"orca:stage:failed\", \"created\": \"" + endTime + "\", \"requestHeaders\": {}}, " +
            "\"content\": {\"standalone\": false, \"canceled\": true, \"context\": " + synthetic["context"]!.ToJsonString() + ", " +
            "\"endTime\": " + endTime + ", \"executionId\": \"" + executionId + "\", \"stageId\": \"" + stageId + "\", \"isSynthetic\": true, " +
            "\"execution\": " + execution + "}}";

        var result = EchoEventNormalizer.Normalize(Receipt(wrapped));
        Assert.That(result.Rejection, Is.Null);
        var completed = (StageCompleted)result.Events.Single().Event;
        var parent = completed.Stages!.Single(s => s.Id == completed.Stage.ParentStageId);
        Assert.Multiple(() =>
        {
            Assert.That(completed.Stage.RefId, Is.EqualTo("7=1"));
            Assert.That(completed.Stages!.Select(s => s.Id), Is.Unique.And.Not.Contains(stageId), "its own stage is the event's Stage");
            Assert.That(completed.Stages, Has.Count.EqualTo(stageCount - 1), "every other stage of the real execution");
            Assert.That(parent.RefId, Is.EqualTo("7"), "the parent reaches the tree from the child's event");
            Assert.That(completed.Stage.Errors, Is.Not.Empty);
        });
    }

    /// <summary>The primary alias a <c>details.type</c> calls for (echo.md §3), written independently of the normalizer.</summary>
    private static string ExpectedAlias(string type) => type switch
    {
        "orca:pipeline:starting" => IngestEventTypes.PipelineStarted,
        "orca:pipeline:complete" or "orca:pipeline:failed" => IngestEventTypes.PipelineCompleted,
        "orca:orchestration:starting" => IngestEventTypes.OrchestrationStarted,
        "orca:orchestration:complete" or "orca:orchestration:failed" => IngestEventTypes.OrchestrationCompleted,
        "orca:stage:starting" => IngestEventTypes.StageStarted,
        "orca:stage:complete" or "orca:stage:failed" or "orca:stage:skipped" => IngestEventTypes.StageCompleted,
        "orca:task:starting" => IngestEventTypes.TaskStarted,
        "orca:task:complete" or "orca:task:failed" => IngestEventTypes.TaskCompleted,
        "build" => IngestEventTypes.CiBuildObserved,
        "git" => IngestEventTypes.GitPushObserved,
        "manual" => IngestEventTypes.ManualTriggerRequested,
        _ => IngestEventTypes.ExternalEventObserved,
    };

    /// <summary>What a few fixtures are there to show, checked beyond the event kind.</summary>
    private static readonly Dictionary<string, Action<NormalizationResult>> Specifics = new()
    {
        ["stage-complete-namely-spinnaker-datadog-bridge.json"] = r =>
        {
            var stage = Record<StageCompleted>(r).Stage;
            Assert.That(stage.Id, Does.StartWith("legacy-stage@"));
            Assert.That(stage.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(stage.CloudProvider, Is.EqualTo("kubernetes"));
        },
        ["task-complete-spinnaker-io-docs.json"] = r =>
        {
            var task = Record<TaskCompleted>(r);
            Assert.That(task.StageType, Is.EqualTo("enableAsg"));
            Assert.That(task.Task.Name, Is.EqualTo("monitorAsg"));
        },
        ["build-igor-building-echo-pipelinetriggers.json"] = r => Assert.That(Record<CiBuildObserved>(r).Building, Is.True),
        ["build-igor-success-echo-pipelinetriggers.json"] = r => Assert.That(Record<CiBuildObserved>(r).Result, Is.EqualTo("SUCCESS")),
        ["synthetic-stage-complete-manualjudgment-continue.json"] = r =>
        {
            var resolved = Record<ManualJudgmentResolved>(r);
            Assert.That(resolved.Judgment.Status, Is.EqualTo("continue"));
            Assert.That(resolved.Judgment.JudgedBy, Is.Not.Null);
            Assert.That(resolved.WaitedMs, Is.GreaterThan(0));
        },
        ["synthetic-stage-failed-manualjudgment-stop.json"] = r =>
        {
            Assert.That(Record<ManualJudgmentResolved>(r).Judgment.Status, Is.EqualTo("stop"));
            Assert.That(Record<StageCompleted>(r).Stage.Status, Is.EqualTo("TERMINAL"));
        },
        ["synthetic-stage-failed-deploy-exception.json"] = r =>
        {
            var stage = Record<StageCompleted>(r).Stage;
            Assert.That(stage.SyntheticStageOwner, Is.EqualTo("STAGE_BEFORE"));
            Assert.That(stage.Errors, Is.Not.Empty);
        },
        ["synthetic-pipeline-failed-terminal.json"] = r =>
        {
            var completed = Record<PipelineCompleted>(r);
            Assert.That(completed.Execution.Status, Is.EqualTo("TERMINAL"));
            Assert.That(completed.Stages.SelectMany(s => s.Errors), Is.Not.Empty);
        },
        ["synthetic-pipeline-failed-canceled.json"] = r =>
        {
            var completed = Record<PipelineCompleted>(r);
            Assert.That(completed.Execution.Status, Is.EqualTo("CANCELED"));
            Assert.That(completed.Execution.Canceled, Is.True);
            Assert.That(completed.Execution.CanceledBy, Is.Not.Null);
        },
        ["synthetic-pipeline-complete-parallel-branches.json"] = r =>
        {
            var completed = Record<PipelineCompleted>(r);
            Assert.That(completed.Stages.Any(s => s.RequisiteStageRefIds.Count == 2), Is.True);
            Assert.That(completed.Execution.Trigger!.BuildNumber, Is.Not.Null);
            Assert.That(completed.Execution.Trigger.CommitSha, Is.Not.Null);
        },
        ["synthetic-pipeline-complete-mpt-v2.json"] = r =>
            Assert.That(Record<PipelineCompleted>(r).Execution.Template?.Version, Is.EqualTo("v2")),
        ["synthetic-pipeline-complete-rollback-undorollout.json"] = r =>
        {
            var trigger = Record<PipelineCompleted>(r).Execution.Trigger!;
            Assert.That(trigger.Type, Is.EqualTo("pipeline"));
            Assert.That(trigger.ParentExecutionId, Is.Not.Null);
            Assert.That(trigger.CorrelationId, Is.Not.Null);
        },
        ["synthetic-stage-complete-rollbackservergroup.json"] = r =>
        {
            var completed = Record<StageCompleted>(r);
            Assert.That(completed.Stage.Type, Is.EqualTo("rollbackServerGroup"));
            Assert.That(completed.Stage.ServerGroup, Is.Not.Null);
            // The STAGE_AFTER children reach the tree from this event's snapshot, whether or not their own events arrive.
            var children = completed.Stages!.Where(s => s.ParentStageId == completed.Stage.Id).ToList();
            Assert.That(children.Select(s => (s.RefId, s.SyntheticStageOwner, s.Status)),
                Is.EqualTo(new[] { ((string?)"1>1", (string?)"STAGE_AFTER", "SUCCEEDED"), ("1>2", "STAGE_AFTER", "SUCCEEDED") }));
        },
        ["synthetic-stage-complete-kayentacanary.json"] = r =>
        {
            var completed = Record<StageCompleted>(r);
            Assert.That(completed.Stage.Type, Is.EqualTo("kayentaCanary"));
            // The snapshot carries the synthetic runCanaryIntervals child and, below it, the wait and runCanary stages.
            var intervals = completed.Stages!.Single(s => s.ParentStageId == completed.Stage.Id);
            var runs = completed.Stages!.Where(s => s.ParentStageId == intervals.Id).ToList();
            Assert.That(intervals.Type, Is.EqualTo("runCanaryIntervals"));
            Assert.That(runs.Select(s => s.Type), Is.EqualTo(new[] { "wait", "runCanary", "wait", "runCanary" }));
            Assert.That(runs, Has.All.Matches<StageInfo>(s => s.Tasks.Count > 0 && s.Status == "SUCCEEDED"));
            // The analysis (config, thresholds, Orca's aggregate) and one Kayenta execution per runCanary interval.
            var canary = completed.Stage.Canary!;
            Assert.That((canary.ConfigId, canary.MetricsAccount, canary.PassThreshold, canary.MarginalThreshold, canary.IntervalStageId),
                Is.EqualTo(("a6dae44a-513f-45a9-95b2-22c1e098662f", "prometheus-prod", 90.0, 75.0, intervals.Id)));
            Assert.That(canary.Scores, Is.EqualTo(new[] { 88.4, 93.1 }));
            Assert.That(canary.Scopes.Select(s => (s.ControlScope, s.ExperimentScope, s.StepSeconds)),
                Is.EqualTo(new[] { ("checkout-api-baseline", "checkout-api-canary", 60) }));
            var scored = runs.Where(s => s.Type == "runCanary").Select(s => s.Canary!).ToList();
            Assert.That(scored.Select(c => (c.Interval, c.KayentaExecutionId, c.Score)),
                Is.EqualTo(new[] { (1, "01HXWJRPAW82VSPQWCAQG7CF75", 88.4), (2, "01HXWKND2W5NRWRHPV3D401ADS", 93.1) }));
            Assert.That(scored.Select(c => c.Scopes.Single().End),
                Is.EqualTo(new[] { DateTimeOffset.Parse("2024-05-14T22:15:00Z"), DateTimeOffset.Parse("2024-05-14T22:30:00Z") }));
            Assert.That(runs.Where(s => s.Type == "wait").Select(s => s.Canary).Append(intervals.Canary), Has.All.Null);
            Assert.That(completed.EventId, Is.EqualTo(DeterministicEventId.From("conformance", completed.Execution.ExecutionId, "stage-completed",
                completed.Stage.Id, completed.Stage.Status, DeterministicEventId.Ms(completed.Stage.EndTime))), "ids as before snapshots were carried");
        },
        ["synthetic-task-complete.json"] = r =>
        {
            var completed = Record<TaskCompleted>(r);
            Assert.That(completed.Task.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(completed.Stages!.Select(s => s.RefId), Is.EqualTo(new[] { "1", "2" }), "task events carry the snapshot too");
        },
        ["synthetic-orchestration-complete.json"] = r =>
        {
            var completed = Record<OrchestrationCompleted>(r);
            Assert.That(completed.Execution.ExecutionType, Is.EqualTo("ORCHESTRATION"));
            Assert.That(completed.Execution.PipelineName, Is.Not.Null, "the description");
            Assert.That(completed.Stages.Single().RefId, Is.Null);
        },
        ["synthetic-wrapped-flattened-pipeline-starting.json"] = r =>
            Assert.That(Record<PipelineStarted>(r).Stages, Is.Not.Empty),
    };

    private static T Record<T>(NormalizationResult result) => result.Events.Select(e => e.Event).OfType<T>().Single();

    private static EchoWebhookReceived Receipt(string echoEvent) =>
        new(Guid.NewGuid(), "conformance", DateTimeOffset.UtcNow, "raw", JsonSerializer.Deserialize<JsonElement>(echoEvent));
}

/// <summary>
/// What the gateway does before publishing: a body with <c>details</c> is the event; a <c>wrap: true</c> body
/// <c>{eventName, &lt;fieldName&gt;: event}</c> is unwrapped; <c>flatten: true</c> string-valued <c>details</c> and
/// <c>content</c> are parsed. Anything else is not an Echo event.
/// </summary>
internal static class EchoEnvelope
{
    public static string? Unwrap(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject root) return null;
        var echoEvent = root.ContainsKey("details")
            ? root
            : root.ContainsKey("eventName")
                ? root.Where(p => p.Key != "eventName").Select(p => p.Value).OfType<JsonObject>().FirstOrDefault(o => o.ContainsKey("details"))
                : null;
        if (echoEvent is null) return null;

        foreach (var member in new[] { "details", "content" })
            if (echoEvent[member] is JsonValue value && value.TryGetValue<string>(out var text))
                echoEvent[member] = JsonNode.Parse(text);
        return echoEvent.ToJsonString();
    }
}
