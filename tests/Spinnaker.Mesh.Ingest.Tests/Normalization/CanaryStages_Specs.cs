using Spinnaker.Mesh.Testing;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.Testing.CanaryPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

/// <summary>Reads a completed canary event and finds its stages, the event's own and those of its snapshot.</summary>
internal static class CanaryStages
{
    public static StageCompleted Completed(string payload) => One<StageCompleted>(Events(payload));

    public static StageInfo Stage(string payload, string stageId)
    {
        var completed = Completed(payload);
        return completed.Stage.Id == stageId ? completed.Stage : completed.Stages!.Single(s => s.Id == stageId);
    }

    public static CanaryInfo Canary(string payload, string stageId) =>
        Stage(payload, stageId).Canary ?? throw new AssertionException($"stage {stageId} has no canary");
}

public sealed class When_a_kayentaCanary_stage_completes
{
    private CanaryInfo _canary = null!;

    [OneTimeSetUp]
    public void Normalize() => _canary = CanaryStages.Canary(CanaryCompleted(), CanaryStageId);

    [Test]
    public void Should_read_the_config_and_accounts_from_canaryConfig() => Assert.Multiple(() =>
    {
        Assert.That(_canary.ConfigId, Is.EqualTo(ConfigId));
        Assert.That(_canary.ConfigName, Is.Null, "the stage names its config by id only");
        Assert.That(_canary.MetricsAccount, Is.EqualTo("prometheus-prod"));
        Assert.That(_canary.StorageAccount, Is.EqualTo("kayenta-gcs"));
        Assert.That(_canary.PassThreshold, Is.EqualTo(90));
        Assert.That(_canary.MarginalThreshold, Is.EqualTo(75));
    });

    [Test]
    public void Should_read_the_scopes()
    {
        var scope = _canary.Scopes.Single();
        Assert.That(scope, Is.EqualTo(new CanaryScopeInfo("default", "checkout-api-baseline", "checkout", "checkout-api-canary", "checkout",
            Start: null, End: null, StepSeconds: 60)), "a real-time analysis states no window up front");
    }

    [Test]
    public void Should_read_the_interval_scores_in_order_and_Orcas_verdict() => Assert.Multiple(() =>
    {
        Assert.That(_canary.Scores, Is.EqualTo(new[] { 88.4, 93.1 }));
        Assert.That(_canary.ScoreMessage, Is.EqualTo("Final canary score 93.1 met or exceeded the pass score threshold."));
        Assert.That(_canary.IntervalStageId, Is.EqualTo(IntervalsStageId));
    });

    [Test]
    public void Should_leave_what_only_an_interval_has_empty() => Assert.Multiple(() =>
    {
        Assert.That(_canary.Interval, Is.Null);
        Assert.That(_canary.KayentaExecutionId, Is.Null);
        Assert.That(_canary.KayentaStatus, Is.Null);
        Assert.That(_canary.Score, Is.Null);
        Assert.That(_canary.ScoredAt, Is.Null);
        Assert.That(_canary.Warnings, Is.Empty);
    });

    [Test]
    public void Should_read_the_window_of_a_scope_that_states_one()
    {
        var payload = CanaryCompleted(canary: c =>
        {
            var scope = c["canaryConfig"]!["scopes"]![0]!.AsObject();
            scope["startTimeIso"] = "2024-05-14T22:00:00Z";
            scope["endTimeIso"] = "2024-05-14T22:30:00.000Z";
            scope["scopeName"] = "us-east";
        });

        var scope = CanaryStages.Canary(payload, CanaryStageId).Scopes.Single();
        Assert.Multiple(() =>
        {
            Assert.That(scope.ScopeName, Is.EqualTo("us-east"));
            Assert.That(scope.Start, Is.EqualTo(At(Start)));
            Assert.That(scope.End, Is.EqualTo(At(Start + 1_800_000)));
        });
    }

    [Test]
    public void Should_give_no_canary_to_the_other_stages_of_the_execution()
    {
        var completed = CanaryStages.Completed(CanaryCompleted());
        var others = completed.Stages!.Where(s => s.Type is not "runCanary").ToList();

        Assert.That(others.Select(s => s.Type), Is.EquivalentTo(new[] { "runCanaryIntervals", "wait", "wait" }));
        Assert.That(others.Select(s => s.Canary), Has.All.Null);
    }
}

public sealed class When_the_canary_snapshot_holds_runCanary_intervals
{
    private StageCompleted _completed = null!;

    [OneTimeSetUp]
    public void Normalize() => _completed = CanaryStages.Completed(CanaryCompleted());

    private CanaryInfo Run(string stageId) => _completed.Stages!.Single(s => s.Id == stageId).Canary!;

    [Test]
    public void Should_read_each_interval_s_number_Kayenta_execution_and_score() => Assert.Multiple(() =>
    {
        Assert.That((Run(Run1StageId).Interval, Run(Run1StageId).KayentaExecutionId, Run(Run1StageId).Score), Is.EqualTo((1, Run1KayentaId, 88.4)));
        Assert.That((Run(Run2StageId).Interval, Run(Run2StageId).KayentaExecutionId, Run(Run2StageId).Score), Is.EqualTo((2, Run2KayentaId, 93.1)));
        Assert.That(Run(Run1StageId).KayentaStatus, Is.EqualTo("SUCCEEDED"));
    });

    [Test]
    public void Should_read_when_Orca_last_polled_Kayenta() => Assert.Multiple(() =>
    {
        Assert.That(Run(Run1StageId).ScoredAt, Is.EqualTo(At(Start + 940_400)));
        Assert.That(Run(Run2StageId).ScoredAt, Is.EqualTo(At(Start + 1_879_000)));
    });

    [Test]
    public void Should_read_the_config_accounts_and_thresholds_of_the_run() => Assert.Multiple(() =>
    {
        var run = Run(Run1StageId);
        Assert.That(run.ConfigId, Is.EqualTo(ConfigId));
        Assert.That(run.MetricsAccount, Is.EqualTo("prometheus-prod"));
        Assert.That(run.StorageAccount, Is.EqualTo("kayenta-gcs"));
        Assert.That((run.PassThreshold, run.MarginalThreshold), Is.EqualTo(((double?)90, (double?)75)));
        Assert.That(run.Scores, Is.Empty, "an interval has one score, not a list");
        Assert.That(run.IntervalStageId, Is.Null);
    });

    [Test]
    public void Should_read_the_growing_analysis_windows() => Assert.Multiple(() =>
    {
        var first = Run(Run1StageId).Scopes.Single();
        var second = Run(Run2StageId).Scopes.Single();
        Assert.That(first, Is.EqualTo(new CanaryScopeInfo("default", "checkout-api-baseline", "checkout", "checkout-api-canary", "checkout",
            At(Start), At(Start + 900_000), 60)));
        Assert.That((second.Start, second.End), Is.EqualTo(((DateTimeOffset?)At(Start), (DateTimeOffset?)At(Start + 1_800_000))));
    });

    [Test]
    public void Should_take_the_experiment_s_window_when_the_control_is_shifted_back()
    {
        // baselineAnalysisOffsetInMins moves only the control scope's window.
        var payload = CanaryCompleted(run1: r =>
        {
            var control = r["scopes"]!["default"]!["controlScope"]!.AsObject();
            control["start"] = "2024-05-14T21:00:00Z";
            control["end"] = "2024-05-14T21:15:00Z";
        });

        var scope = CanaryStages.Canary(payload, Run1StageId).Scopes.Single();
        Assert.That((scope.Start, scope.End), Is.EqualTo(((DateTimeOffset?)At(Start), (DateTimeOffset?)At(Start + 900_000))));
    }

    [Test]
    public void Should_read_the_warnings()
    {
        const string warning = "One of the metrics returned fewer than 50 data points, which can reduce confidence in the final canary score.";
        var payload = CanaryCompleted(run2: r => r["warnings"] = new JsonArray(warning));

        Assert.That(CanaryStages.Canary(payload, Run2StageId).Warnings, Is.EqualTo(new[] { warning }));
    }
}

public sealed class When_canary_contexts_vary_in_shape
{
    [Test]
    public void Should_read_thresholds_and_scores_written_as_strings()
    {
        // Deck and pipeline expressions (SpEL) leave numbers as strings.
        var payload = CanaryCompleted(
            canary: c =>
            {
                c["canaryConfig"]!["scoreThresholds"] = new JsonObject { ["pass"] = "90", ["marginal"] = "75.5" };
                c["canaryScores"] = new JsonArray("88.4", 93.1);
            },
            run1: r =>
            {
                r["scoreThresholds"] = new JsonObject { ["pass"] = "95", ["marginal"] = "80" };
                r["canaryScore"] = "88.4";
            });

        var canary = CanaryStages.Canary(payload, CanaryStageId);
        var run = CanaryStages.Canary(payload, Run1StageId);
        Assert.Multiple(() =>
        {
            Assert.That((canary.PassThreshold, canary.MarginalThreshold), Is.EqualTo(((double?)90, (double?)75.5)));
            Assert.That(canary.Scores, Is.EqualTo(new[] { 88.4, 93.1 }));
            Assert.That((run.PassThreshold, run.MarginalThreshold, run.Score), Is.EqualTo(((double?)95, (double?)80, (double?)88.4)));
        });
    }

    [Test]
    public void Should_read_a_canary_stage_without_its_optional_members_as_nulls_and_empties()
    {
        var payload = CanaryCompleted(canary: c =>
        {
            c.Remove("canaryScores");
            c.Remove("canaryScoreMessage");
            c.Remove("intervalStageId");
            c["canaryConfig"] = new JsonObject { ["canaryConfigName"] = "checkout-latency" };
        });

        var canary = CanaryStages.Canary(payload, CanaryStageId);
        Assert.That(canary, Is.EqualTo(new CanaryInfo(null, "checkout-latency", null, null, null, null, canary.Scopes, canary.Scores, null, null,
            null, null, null, null, null, canary.Warnings)));
        Assert.Multiple(() =>
        {
            Assert.That(canary.Scopes, Is.Empty);
            Assert.That(canary.Scores, Is.Empty);
            Assert.That(canary.Warnings, Is.Empty);
        });
    }

    [Test]
    public void Should_read_the_run_s_ids_from_its_outputs_when_the_context_lacks_them()
    {
        var payload = CanaryCompleted(run1: r =>
        {
            r.Remove("canaryConfigId");
            r.Remove("canaryPipelineExecutionId");
        });

        var run = CanaryStages.Canary(payload, Run1StageId);
        Assert.That((run.ConfigId, run.KayentaExecutionId), Is.EqualTo((ConfigId, Run1KayentaId)));
    }

    [Test]
    public void Should_take_the_epoch_time_when_the_iso_time_is_missing_or_unreadable() => Assert.Multiple(() =>
    {
        var missing = CanaryCompleted(run1: r => r.Remove("lastUpdatedIso"));
        var unreadable = CanaryCompleted(run1: r => r["lastUpdatedIso"] = "yesterday");
        Assert.That(CanaryStages.Canary(missing, Run1StageId).ScoredAt, Is.EqualTo(At(Start + 940_400)));
        Assert.That(CanaryStages.Canary(unreadable, Run1StageId).ScoredAt, Is.EqualTo(At(Start + 940_400)));
    });

    [Test]
    public void Should_leave_malformed_values_empty_without_rejecting_the_event()
    {
        var payload = CanaryCompleted(
            canary: c =>
            {
                c["canaryScores"] = new JsonArray("abc", 88.4, "NaN", new JsonObject(), null);
                c["canaryConfig"]!["scoreThresholds"] = "high";
                c["canaryConfig"]!["scopes"] = new JsonObject { ["default"] = "checkout-api" };
                c["canaryConfig"]!["canaryConfigId"] = new JsonArray();
            },
            run1: r =>
            {
                r["canaryScore"] = "abc";
                r["scopes"] = new JsonArray("default");
                r["lastUpdated"] = "soon";
                r["lastUpdatedIso"] = 12;
                r["warnings"] = new JsonObject();
            },
            run2: r => r["scopes"] = new JsonObject { ["default"] = "not-a-pair" });

        var canary = CanaryStages.Canary(payload, CanaryStageId);
        var run1 = CanaryStages.Canary(payload, Run1StageId);
        var run2 = CanaryStages.Canary(payload, Run2StageId);
        Assert.Multiple(() =>
        {
            Assert.That(canary.Scores, Is.EqualTo(new[] { 88.4 }), "only the numbers among the scores");
            Assert.That((canary.PassThreshold, canary.MarginalThreshold, canary.ConfigId), Is.EqualTo(((double?)null, (double?)null, (string?)null)));
            Assert.That(canary.Scopes, Is.Empty);
            Assert.That((run1.Score, run1.ScoredAt), Is.EqualTo(((double?)null, (DateTimeOffset?)null)));
            Assert.That(run1.Scopes, Is.Empty);
            Assert.That(run1.Warnings, Is.Empty);
            Assert.That(run1.Interval, Is.EqualTo(1), "the rest of the run is still read");
            Assert.That(run2.Scopes.Single(), Is.EqualTo(new CanaryScopeInfo("default", null, null, null, null, null, null, null)));
        });
    }

    [Test]
    public void Should_recognise_the_stage_types_whatever_their_case()
    {
        var payload = CanaryCompleted(canaryType: "KayentaCanary", runType: "RUNCANARY");

        Assert.Multiple(() =>
        {
            Assert.That(CanaryStages.Canary(payload, CanaryStageId).Scores, Is.EqualTo(new[] { 88.4, 93.1 }));
            Assert.That(CanaryStages.Canary(payload, Run1StageId).Score, Is.EqualTo(88.4));
        });
    }

    [TestCase("Run Canary #12", 12)]
    [TestCase("Run Canary", null)]
    [TestCase("Run Canary #x", null)]
    public void Should_take_the_interval_number_from_the_stage_name(string name, int? interval)
    {
        var payload = Change(CanaryCompleted(), root => root.Execution()["stages"]![3]!["name"] = name);

        Assert.That(CanaryStages.Canary(payload, Run1StageId).Interval, Is.EqualTo(interval));
    }
}

public sealed class When_a_canary_stage_event_comes_without_the_execution
{
    [Test]
    public void Should_read_a_run_whose_context_names_its_Kayenta_execution()
    {
        var stage = CanaryStages.Completed(RunCompletedWithoutExecution()).Stage;

        Assert.Multiple(() =>
        {
            Assert.That(stage.Type, Is.Null, "the payload does not say");
            Assert.That(stage.Canary?.KayentaExecutionId, Is.EqualTo(Run1KayentaId));
            Assert.That(stage.Canary?.Interval, Is.EqualTo(1));
            Assert.That(stage.Canary?.Score, Is.EqualTo(88.4));
        });
    }

    [Test]
    public void Should_read_an_analysis_whose_context_has_canary_scores()
    {
        var payload = RunCompletedWithoutExecution(context =>
        {
            foreach (var key in context.Select(p => p.Key).ToList()) context.Remove(key);
            foreach (var (key, value) in CanaryContext()) context[key] = value?.DeepClone();
        });

        var canary = CanaryStages.Completed(payload).Stage.Canary;
        Assert.That(canary?.Scores, Is.EqualTo(new[] { 88.4, 93.1 }));
        Assert.That(canary?.ConfigId, Is.EqualTo(ConfigId));
    }

    [Test]
    public void Should_give_no_canary_to_a_stage_of_unknown_type_without_canary_members()
    {
        var payload = RunCompletedWithoutExecution(context =>
        {
            context.Remove("canaryPipelineExecutionId");
            context.Remove("canaryScores");
        });

        Assert.That(CanaryStages.Completed(payload).Stage.Canary, Is.Null);
    }
}

public sealed class When_a_stage_of_another_type_has_canary_members
{
    [Test]
    public void Should_give_it_no_canary()
    {
        // A known type decides: a deploy stage that happens to carry canaryScores is not a canary stage.
        var payload = Change(CanaryCompleted(), root =>
        {
            root.Execution()["stages"]![0]!["type"] = "deployManifest";
            root.Execution()["stages"]![3]!["type"] = "wait";
        });

        Assert.Multiple(() =>
        {
            Assert.That(CanaryStages.Stage(payload, CanaryStageId).Canary, Is.Null);
            Assert.That(CanaryStages.Stage(payload, Run1StageId).Canary, Is.Null);
        });
    }
}
