using System.Globalization;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>One simulated execution of a <see cref="Catalog.Pipeline"/>: stage times along its DAG, then its outcome.</summary>
internal static class Runs
{
    public sealed record Run(
        string Id, string Application, string Pipeline, string? ConfigId, string Type, string Status, DateTimeOffset Start, DateTimeOffset? End,
        string Trigger, string? TemplateId, string? TemplateVersion, string? ParentId, IReadOnlyList<StageRun> Stages);

    public sealed class StageRun(Catalog.StagePlan plan, string id, StageRun? parent)
    {
        public Catalog.StagePlan Plan { get; } = plan;
        public string Id { get; } = id;
        public StageRun? Parent { get; } = parent;
        public string? ParentId => Parent?.Id;
        public DateTimeOffset? Start { get; set; }
        public DateTimeOffset? End { get; set; }
        public string Status { get; set; } = "SUCCEEDED";
        public string[] Errors { get; set; } = [];
        public string? Judgment { get; set; }
        public string? JudgedBy { get; set; }
    }

    public static Run Simulate(Catalog.Application app, DateTimeOffset start, DateTimeOffset now, Random random)
    {
        var pipeline = app.Pipelines[StatisticsSeed.Pick(app.PipelineWeights, random)];
        var stages = new List<StageRun>();
        var ends = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var plan in pipeline.Stages)
        {
            var ready = plan.After.Length == 0
                ? start.AddMilliseconds(random.Next(300, 2_000))
                : plan.After.Max(r => ends[r]).AddMilliseconds(random.Next(500, 3_000));
            ends[plan.Ref] = Schedule(plan, null, ready, pipeline.Speed, random, stages);
        }
        var plannedEnd = stages.Max(s => s.End!.Value).AddMilliseconds(500);

        string status;
        DateTimeOffset? end;
        var outcome = random.NextDouble();
        if (plannedEnd > now)
        {
            status = "RUNNING";
            end = null;
            foreach (var stage in stages) Cut(stage, now, "RUNNING");
        }
        else if (outcome < pipeline.FailRate && Fail(stages, random) is { } failedAt)
        {
            status = "TERMINAL";
            end = failedAt.AddMilliseconds(500);
        }
        else if (outcome < pipeline.FailRate + pipeline.CancelRate)
        {
            var at = start + (plannedEnd - start) * (0.05 + random.NextDouble() * 0.9);
            foreach (var stage in stages) Cut(stage, at, "CANCELED");
            status = "CANCELED";
            end = at.AddSeconds(1);
        }
        else
        {
            status = "SUCCEEDED";
            end = plannedEnd;
        }

        foreach (var stage in stages)
        {
            if (stage.Plan.ContinueOnFailure && stage.Status == "SUCCEEDED" && random.NextDouble() < 0.06)
            {
                stage.Status = "FAILED_CONTINUE";
                stage.Errors = [Error(stage.Plan, random)];
            }
            if (stage.Plan.Type == "manualJudgment" && stage.Status is "SUCCEEDED" or "TERMINAL")
            {
                stage.Judgment = stage.Status == "SUCCEEDED" ? "continue" : "stop";
                stage.JudgedBy = Catalog.Judges[random.Next(Catalog.Judges.Length)];
            }
        }

        var parentId = pipeline.Trigger == "pipeline" ? Ids.TimeUlid(start.AddMinutes(-random.Next(5, 30)), random) : null;
        return new Run(Ids.TimeUlid(start, random), app.Name, pipeline.Name, pipeline.ConfigId, pipeline.Type, status, start, end,
            pipeline.Trigger, pipeline.TemplateId, pipeline.TemplateVersion, parentId, stages);
    }

    /// <summary>Before-stages, the stage's own work, after-stages, one after another; returns the stage's end.</summary>
    private static DateTimeOffset Schedule(Catalog.StagePlan plan, StageRun? parent, DateTimeOffset ready, double speed, Random random, List<StageRun> stages)
    {
        var stage = new StageRun(plan, Ids.TimeUlid(ready, random), parent) { Start = ready };
        stages.Add(stage);
        if (plan.SkipChance > 0 && random.NextDouble() < plan.SkipChance)
        {
            stage.Status = "SKIPPED";
            stage.End = ready.AddMilliseconds(random.Next(5, 60));
            return stage.End.Value;
        }
        var at = ready;
        foreach (var child in plan.Children.Where(c => c.Owner != "STAGE_AFTER"))
            at = Schedule(child, stage, at.AddMilliseconds(random.Next(100, 800)), speed, random, stages);
        if (plan.MedianSeconds > 0) at = at.AddMilliseconds(DurationMs(plan, speed, random));
        foreach (var child in plan.Children.Where(c => c.Owner == "STAGE_AFTER"))
            at = Schedule(child, stage, at.AddMilliseconds(random.Next(100, 800)), speed, random, stages);
        stage.End = at.AddMilliseconds(random.Next(100, 500));
        return stage.End.Value;
    }

    /// <summary>Log-normal around the plan's median; gates wait on people and clocks, so a pipeline's speed does not apply to them.</summary>
    private static double DurationMs(Catalog.StagePlan plan, double speed, Random random)
    {
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var isGate = plan.Type is "manualJudgment" or "wait" or "restrictExecutionDuringTimeWindow";
        return plan.MedianSeconds * 1000 * Math.Exp(plan.Sigma * gaussian) * (isGate ? 1 : speed);
    }

    /// <summary>
    /// One stage fails part-way (weighted by its plan); its parents fail with its errors, as the tree shows them, and
    /// everything else running then is canceled. Null when no stage of this run can fail.
    /// </summary>
    private static DateTimeOffset? Fail(List<StageRun> stages, Random random)
    {
        var candidates = stages.Where(s => s.Status != "SKIPPED" && s.Plan.FailWeight > 0 && (s.Plan.Children.Count == 0 || s.Plan.MedianSeconds > 0)).ToList();
        if (candidates.Count == 0) return null;
        var failing = candidates[StatisticsSeed.Pick(StatisticsSeed.Cumulative(candidates.Select(c => c.Plan.FailWeight)), random)];
        var at = failing.Start!.Value + (failing.End!.Value - failing.Start.Value) * (0.2 + random.NextDouble() * 0.8);
        failing.Status = "TERMINAL";
        failing.End = at;
        failing.Errors = failing.Plan.Type == "manualJudgment" ? [] : [Error(failing.Plan, random)];
        var failed = new HashSet<StageRun> { failing };
        for (var parent = failing.Parent; parent is not null; parent = parent.Parent)
        {
            parent.Status = "TERMINAL";
            parent.End = at.AddMilliseconds(200);
            parent.Errors = failing.Errors;
            failed.Add(parent);
        }
        foreach (var stage in stages.Where(s => !failed.Contains(s))) Cut(stage, at, "CANCELED");
        return at;
    }

    /// <summary>The stage as of <paramref name="at"/>: done if it ended, <paramref name="runningStatus"/> if it was running, else not started.</summary>
    private static void Cut(StageRun stage, DateTimeOffset at, string runningStatus)
    {
        if (stage.End <= at) return;
        if (stage.Start < at && stage.Status != "SKIPPED")
        {
            stage.Status = runningStatus;
            stage.End = runningStatus == "RUNNING" ? null : at;
            return;
        }
        stage.Status = "NOT_STARTED";
        stage.Start = null;
        stage.End = null;
    }

    private static string Error(Catalog.StagePlan plan, Random random) =>
        plan.Errors.Length == 0
            ? "Stage failed"
            : plan.Errors[StatisticsSeed.Pick(Zipf(plan.Errors.Length), random)].Replace("{n}", random.Next(1_000, 9_999).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static double[] Zipf(int count) => StatisticsSeed.Cumulative(Enumerable.Range(1, count).Select(rank => 1.0 / rank));
}
