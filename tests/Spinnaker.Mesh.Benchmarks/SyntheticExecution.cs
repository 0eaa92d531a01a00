using System.Security.Cryptography;
using System.Text;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Benchmarks;

/// <summary>
/// A large pipeline run as the normalized events ingest would publish for it, in the order Orca emits them.
/// The top-level DAG is a root, then phases that fan out into 2-6 parallel branches of 1-4 stages and join again
/// on a gate (manual judgment, wait, precondition check). AWS <c>deploy</c> stages get a synthetic
/// <c>createServerGroup</c> (STAGE_BEFORE) with <c>disableCluster</c>/<c>shrinkCluster</c> after it, <c>bake</c>
/// stages get one synthetic <c>bakeInRegion</c> per region, some deploys wait on an execution window first.
/// Events: pipeline started (snapshot of the planned top-level stages), stage started and completed for every stage,
/// task completed for every task, manual judgment resolved, pipeline completed (final snapshot of every stage).
/// Deterministic: the same arguments give the same events.
/// </summary>
internal sealed class SyntheticExecution
{
    public static readonly DateTimeOffset DefaultStart = new(2024, 5, 14, 15, 0, 0, TimeSpan.Zero);

    private SyntheticExecution(ExecutionInfo running, IReadOnlyList<object> events, int stages, int topLevel, int tasks)
    {
        Execution = running;
        Events = events;
        StageCount = stages;
        TopLevelCount = topLevel;
        TaskCount = tasks;
    }

    public ExecutionInfo Execution { get; }
    public string Tenant => Execution.Tenant;
    public string ExecutionId => Execution.ExecutionId;

    /// <summary>Every event, in the order their <c>OccurredAt</c> says Orca sent them.</summary>
    public IReadOnlyList<object> Events { get; }

    /// <summary>Stages in the finished tree, synthetic ones included.</summary>
    public int StageCount { get; }

    public int TopLevelCount { get; }
    public int TaskCount { get; }
    public const string FinalStatus = "SUCCEEDED";

    public static SyntheticExecution Create(int stages, string tenant = "bench", string? executionId = null, DateTimeOffset? start = null)
    {
        if (stages < 2) throw new ArgumentOutOfRangeException(nameof(stages), "At least a root and one more stage.");
        return new Planner(stages, tenant, executionId ?? Ids.Ulid($"execution:{stages}"), start ?? DefaultStart).Plan();
    }

    private sealed class PlannedStage
    {
        public required string Id { get; init; }
        public required string RefId { get; init; }
        public required string Type { get; init; }
        public required string Name { get; init; }
        public IReadOnlyList<string> Requisites { get; init; } = [];
        public string? ParentId { get; init; }
        public string? Owner { get; init; }
        public string? CloudProvider { get; init; }
        public string? Account { get; init; }
        public IReadOnlyList<string> Regions { get; init; } = [];
        public string? Cluster { get; init; }
        public string? ServerGroup { get; init; }
        public string? ChildExecutionId { get; init; }
        public List<PlannedStage> Children { get; } = [];
        public List<(string Name, DateTimeOffset Start, DateTimeOffset End)> Tasks { get; } = [];
        public string Status { get; set; } = "SUCCEEDED";
        public string? Error { get; set; }
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        public JudgmentInfo? Judgment { get; set; }
    }

    /// <summary>Lays out the stages and their times, then writes the events.</summary>
    private sealed class Planner(int budget, string tenant, string executionId, DateTimeOffset start)
    {
        private static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1"];
        private static readonly string[] Judges = ["alice@example.com", "bob@example.com", "carol@example.com"];
        private readonly Random _random = new(budget * 7919 + 17);
        private readonly List<PlannedStage> _topLevel = [];
        private int _used;
        private int _nextRef = 1;
        private int _nextId;

        public SyntheticExecution Plan()
        {
            var root = AddTop("findImageFromTags", "Find image", [], start.AddMilliseconds(800));
            var frontier = new List<PlannedStage> { root };
            var phase = 0;
            while (_used < budget)
            {
                phase++;
                var ends = new List<PlannedStage>();
                var width = _random.Next(2, 7);
                for (var branch = 0; branch < width && _used < budget; branch++)
                {
                    var previous = frontier;
                    var length = _random.Next(1, 5);
                    for (var step = 0; step < length && _used < budget; step++)
                    {
                        var stage = AddWork(previous, phase, branch, step);
                        previous = [stage];
                    }
                    if (previous != frontier) ends.Add(previous[0]);
                }
                if (_used >= budget || ends.Count == 0) break;
                frontier = [AddGate(ends, phase)];
            }
            return Write();
        }

        private PlannedStage AddWork(IReadOnlyList<PlannedStage> after, int phase, int branch, int step)
        {
            var ready = after.Max(s => s.End).AddMilliseconds(_random.Next(150, 2_000));
            var left = budget - _used;
            var region = Regions[(branch + step) % Regions.Length];
            var kind = (phase * 7 + branch * 3 + step) % 10;
            // Multi-stage shapes only where they fit in what is left of the budget, so the count is exact.
            if (kind is 0 or 5 && left >= 5) return AddAwsDeploy(after, ready, region, withWindow: kind == 5);
            if (kind == 3 && left >= 4) return AddBake(after, ready);
            return (kind % 5) switch
            {
                0 or 1 => AddTop("deployManifest", $"Deploy {region} #{phase}.{branch}.{step}", after, ready, TaskNames.DeployManifest,
                    _random.Next(30_000, 180_000), cloud: "kubernetes", account: "prod-k8s", regions: [$"checkout-{region}"], cluster: "deployment checkout-api"),
                2 => AddTop("runJobManifest", $"Smoke test #{phase}.{branch}.{step}", after, ready, TaskNames.RunJob,
                    _random.Next(60_000, 180_000), cloud: "kubernetes", account: "prod-k8s", regions: [$"checkout-{region}"]),
                3 => AddTop("jenkins", $"Integration tests #{phase}.{branch}.{step}", after, ready, TaskNames.Jenkins, _random.Next(120_000, 360_000)),
                _ => AddTop("pipeline", $"Notify downstream #{phase}.{branch}.{step}", after, ready, TaskNames.Pipeline,
                    _random.Next(180_000, 600_000), childExecution: Ids.Ulid($"{executionId}:child:{_nextRef}")),
            };
        }

        private PlannedStage AddGate(IReadOnlyList<PlannedStage> after, int phase)
        {
            var ready = after.Max(s => s.End).AddMilliseconds(_random.Next(150, 2_000));
            switch (phase % 3)
            {
                case 0:
                    var judgment = AddTop("manualJudgment", $"Approve phase {phase}", after, ready, TaskNames.ManualJudgment, _random.Next(300_000, 2_400_000));
                    judgment.Judgment = new JudgmentInfo("continue", "Proceed", Judges[phase % Judges.Length], judgment.End);
                    return judgment;
                case 1:
                    return AddTop("wait", $"Soak phase {phase}", after, ready, TaskNames.Wait, 300_000);
                default:
                    return AddTop("checkPreconditions", $"Check capacity phase {phase}", after, ready, TaskNames.Preconditions, _random.Next(2_000, 8_000),
                        cloud: "aws", account: "aws-prod", regions: ["us-east-1"], cluster: "checkout-api-prod");
            }
        }

        /// <summary>deploy → [execution window →] createServerGroup → disableCluster, shrinkCluster: 4 or 5 stages.</summary>
        private PlannedStage AddAwsDeploy(IReadOnlyList<PlannedStage> after, DateTimeOffset ready, string region, bool withWindow)
        {
            var refId = NextRef();
            var parent = NewStage(refId, "deploy", $"Deploy checkout-api {region}", after, cloud: "aws", account: "aws-prod", regions: [region],
                cluster: "checkout-api-prod");
            _topLevel.Add(parent);
            var at = ready;
            var synthetic = 1;
            if (withWindow)
            {
                var window = Child(parent, $"{refId}<{synthetic++}", "restrictExecutionDuringTimeWindow", "Restrict execution during time window",
                    "STAGE_BEFORE", at, _random.Next(60_000, 900_000), TaskNames.ExecutionWindow);
                at = window.End.AddMilliseconds(200);
            }
            var groupRef = $"{refId}<{synthetic}";
            var serverGroup = Child(parent, groupRef, "createServerGroup", $"Deploy in {region}", "STAGE_BEFORE", at,
                _random.Next(180_000, 480_000), TaskNames.CreateServerGroup, serverGroup: $"checkout-api-prod-v{_nextRef:000}");
            var disable = Child(serverGroup, $"{groupRef}>1", "disableCluster", "disableCluster", "STAGE_AFTER",
                serverGroup.End.AddMilliseconds(300), _random.Next(20_000, 60_000), TaskNames.DisableCluster);
            Child(serverGroup, $"{groupRef}>2", "shrinkCluster", "shrinkCluster", "STAGE_AFTER",
                disable.End.AddMilliseconds(300), _random.Next(10_000, 40_000), TaskNames.ShrinkCluster);
            parent.Start = ready;
            parent.End = parent.Children.SelectMany(Descendants).Max(s => s.End).AddMilliseconds(150);
            return parent;
        }

        /// <summary>bake → bakeInRegion × 3 in parallel: 4 stages.</summary>
        private PlannedStage AddBake(IReadOnlyList<PlannedStage> after, DateTimeOffset ready)
        {
            var refId = NextRef();
            var parent = NewStage(refId, "bake", "Bake checkout-api", after, cloud: "aws", account: "aws-prod", regions: Regions);
            _topLevel.Add(parent);
            for (var i = 0; i < Regions.Length; i++)
                Child(parent, $"{refId}<{i + 1}", "bakeInRegion", $"Bake in {Regions[i]}", "STAGE_BEFORE", ready.AddMilliseconds(100 + i * 50),
                    _random.Next(240_000, 600_000), TaskNames.BakeInRegion, regions: [Regions[i]]);
            parent.Start = ready;
            parent.End = parent.Children.Max(s => s.End).AddMilliseconds(200);
            return parent;
        }

        private PlannedStage AddTop(string type, string name, IReadOnlyList<PlannedStage> after, DateTimeOffset ready,
            IReadOnlyList<string>? tasks = null, int durationMs = 1_000, string? cloud = null, string? account = null,
            IReadOnlyList<string>? regions = null, string? cluster = null, string? childExecution = null)
        {
            var stage = NewStage(NextRef(), type, name, after, cloud: cloud, account: account, regions: regions, cluster: cluster,
                childExecution: childExecution);
            Schedule(stage, ready, durationMs, tasks ?? TaskNames.FindImage);
            _topLevel.Add(stage);
            return stage;
        }

        private PlannedStage Child(PlannedStage parent, string refId, string type, string name, string owner, DateTimeOffset at, int durationMs,
            IReadOnlyList<string> tasks, IReadOnlyList<string>? regions = null, string? serverGroup = null)
        {
            var child = new PlannedStage
            {
                Id = NextId(), RefId = refId, Type = type, Name = name, ParentId = parent.Id, Owner = owner,
                CloudProvider = parent.CloudProvider, Account = parent.Account, Regions = regions ?? parent.Regions, Cluster = parent.Cluster,
                ServerGroup = serverGroup,
            };
            _used++;
            Schedule(child, at, durationMs, tasks);
            parent.Children.Add(child);
            return child;
        }

        private PlannedStage NewStage(string refId, string type, string name, IReadOnlyList<PlannedStage> after, string? cloud = null,
            string? account = null, IReadOnlyList<string>? regions = null, string? cluster = null, string? childExecution = null)
        {
            _used++;
            return new PlannedStage
            {
                Id = NextId(), RefId = refId, Type = type, Name = name, Requisites = [.. after.Select(s => s.RefId)],
                CloudProvider = cloud, Account = account, Regions = regions ?? [], Cluster = cluster, ChildExecutionId = childExecution,
            };
        }

        private void Schedule(PlannedStage stage, DateTimeOffset at, int durationMs, IReadOnlyList<string> tasks)
        {
            stage.Start = at;
            stage.End = at.AddMilliseconds(durationMs);
            var slice = durationMs / Math.Max(1, tasks.Count);
            for (var i = 0; i < tasks.Count; i++)
                stage.Tasks.Add((tasks[i], at.AddMilliseconds(i * slice + 20), at.AddMilliseconds((i + 1) * slice - 10)));
            // A few smoke tests fail without stopping the pipeline, as "continue on failure" stages do.
            if (stage.Type == "runJobManifest" && _random.Next(4) == 0)
            {
                stage.Status = "FAILED_CONTINUE";
                stage.Error = "Job checkout-smoke failed: exit code 1 (3 of 48 checks failed)";
            }
        }

        private string NextRef() => (_nextRef++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        private string NextId() => Ids.Ulid($"{executionId}:stage:{_nextId++}");

        private static IEnumerable<PlannedStage> Descendants(PlannedStage stage) => stage.Children.SelectMany(Descendants).Prepend(stage);

        private SyntheticExecution Write()
        {
            var all = _topLevel.SelectMany(Descendants).ToList();
            var end = all.Max(s => s.End).AddMilliseconds(400);
            var trigger = new TriggerInfo("jenkins", "[anonymous]", null, null, null, 1482, "4be1c0ffee5ac1d2e3f4a5b6c7d8e9f0a1b2c3d4");
            var running = new ExecutionInfo(tenant, "checkout", executionId, "PIPELINE", $"Release train ({budget} stages)",
                "9b3c1f0e-6d2a-4c55-8e1b-2f7a0d9c4e61", "RUNNING", start, null, trigger, new TemplateInfo(null, "v2"), false, null, null);
            var finished = running with { Status = FinalStatus, EndTime = end };

            var events = new List<(DateTimeOffset At, int Order, object Event)>();
            var order = 0;
            void Add(DateTimeOffset at, object e) => events.Add((at, order++, e));

            Add(start, new PipelineStarted(EventId("pipeline-started"), start, running, [.. _topLevel.Select(Planned)]));
            foreach (var stage in all)
            {
                Add(stage.Start, new StageStarted(EventId($"stage-started:{stage.Id}"), stage.Start, running, Started(stage)));
                for (var i = 0; i < stage.Tasks.Count; i++)
                {
                    var task = Task(stage, i);
                    Add(task.EndTime!.Value, new TaskCompleted(EventId($"task-completed:{stage.Id}:{task.Id}"), task.EndTime.Value, running,
                        stage.Id, stage.Type, task));
                }
                Add(stage.End, new StageCompleted(EventId($"stage-completed:{stage.Id}"), stage.End, running, Final(stage)));
                if (stage.Judgment is { } judgment)
                    Add(stage.End, new ManualJudgmentResolved(EventId($"judgment:{stage.Id}"), stage.End, running, Final(stage), judgment,
                        (long)(stage.End - stage.Start).TotalMilliseconds));
            }
            Add(end, new PipelineCompleted(EventId("pipeline-completed"), end, finished, [.. all.Select(Final)]));

            return new SyntheticExecution(running, [.. events.OrderBy(e => e.At).ThenBy(e => e.Order).Select(e => e.Event)],
                all.Count, _topLevel.Count, all.Sum(s => s.Tasks.Count));
        }

        private Guid EventId(string what) => Ids.Guid($"{tenant}:{executionId}:{what}");

        private static StageInfo Planned(PlannedStage s) => Info(s, "NOT_STARTED", null, null, [], null, null);

        private static StageInfo Started(PlannedStage s) =>
            Info(s, "RUNNING", s.Start, null, [.. s.Tasks.Select((t, i) => new TaskInfo(TaskId(i), t.Name, "NOT_STARTED", null, null, null))], null, null);

        private static StageInfo Final(PlannedStage s) =>
            Info(s, s.Status, s.Start, s.End, [.. s.Tasks.Select((_, i) => Task(s, i))], s.Error, s.Judgment);

        private static TaskInfo Task(PlannedStage s, int index)
        {
            var (name, taskStart, taskEnd) = s.Tasks[index];
            var failed = s.Error is not null && index == s.Tasks.Count - 1;
            return new TaskInfo(TaskId(index), name, failed ? "TERMINAL" : "SUCCEEDED", taskStart, taskEnd, failed ? s.Error : null);
        }

        private static string TaskId(int index) => (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        private static StageInfo Info(PlannedStage s, string status, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<TaskInfo> tasks,
            string? error, JudgmentInfo? judgment) =>
            new(s.Id, s.RefId, s.Type, s.Name, status, from, to, s.Requisites, s.ParentId, s.Owner, s.CloudProvider, s.Account, s.Regions,
                s.Cluster, s.ServerGroup, error is null ? [] : [error], tasks, judgment, s.ChildExecutionId);
    }

    /// <summary>Task names Orca plans per stage type (shortened where Orca has many).</summary>
    private static class TaskNames
    {
        public static readonly IReadOnlyList<string> FindImage = ["findImage"];
        public static readonly IReadOnlyList<string> DeployManifest = ["deployManifest", "monitorDeploy", "waitForManifestToStabilize"];
        public static readonly IReadOnlyList<string> RunJob = ["runJob", "monitorJob", "promoteOutputs"];
        public static readonly IReadOnlyList<string> Jenkins = ["startJenkinsJob", "waitForJenkinsJobStart", "monitorJenkinsJob"];
        public static readonly IReadOnlyList<string> Pipeline = ["startPipeline", "monitorPipeline"];
        public static readonly IReadOnlyList<string> ManualJudgment = ["waitForJudgment"];
        public static readonly IReadOnlyList<string> Wait = ["wait"];
        public static readonly IReadOnlyList<string> Preconditions = ["checkPreconditions"];
        public static readonly IReadOnlyList<string> ExecutionWindow = ["suspendExecutionDuringTimeWindow"];
        public static readonly IReadOnlyList<string> CreateServerGroup = ["createServerGroup", "monitorDeploy", "forceCacheRefresh", "waitForUpInstances"];
        public static readonly IReadOnlyList<string> DisableCluster = ["disableCluster", "monitorDisableCluster"];
        public static readonly IReadOnlyList<string> ShrinkCluster = ["shrinkCluster", "monitorShrinkCluster"];
        public static readonly IReadOnlyList<string> BakeInRegion = ["createBake", "monitorBake", "completedBake"];
    }
}

/// <summary>Deterministic ids shaped like Orca's: 26-character Crockford base-32 ULIDs and event GUIDs, from a seed text.</summary>
internal static class Ids
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Ulid(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var chars = new char[26];
        chars[0] = '0'; // keeps the 128-bit range, like a real ULID's first character
        for (var i = 1; i < chars.Length; i++) chars[i] = Crockford[hash[i] & 31];
        return new string(chars);
    }

    /// <summary>A ULID for <paramref name="time"/>: 48-bit millisecond time, then 80 random bits, so ids sort by time as Orca's do.</summary>
    public static string TimeUlid(DateTimeOffset time, Random random)
    {
        Span<char> chars = stackalloc char[26];
        var ms = time.ToUnixTimeMilliseconds();
        for (var i = 9; i >= 0; i--, ms >>= 5) chars[i] = Crockford[(int)(ms & 31)];
        for (var i = 10; i < chars.Length; i++) chars[i] = Crockford[random.Next(32)];
        return new string(chars);
    }

    public static Guid Guid(string seed) => new(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));
}
