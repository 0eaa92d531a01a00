namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>The applications, pipelines and stage plans the seeded history is drawn from (see <see cref="StatisticsSeed"/>).</summary>
internal static class Catalog
{
    public sealed record Target(string Provider, string Account, string[] Regions, string? Cluster);

    /// <summary>One stage of a pipeline's plan; <see cref="Children"/> are its synthetic stages, in the order they run.</summary>
    public sealed record StagePlan(
        string Ref, string Type, string Name, string[] After, double MedianSeconds, double Sigma, double FailWeight, Target? Target,
        string[] Errors, string? Owner = null, bool ContinueOnFailure = false, double SkipChance = 0)
    {
        public IReadOnlyList<StagePlan> Children { get; init; } = [];
    }

    public sealed record Pipeline(
        string Name, string? ConfigId, string Type, double Weight, string Trigger, IReadOnlyList<StagePlan> Stages, double FailRate,
        double CancelRate, double Speed, string? TemplateId, string? TemplateVersion);

    public sealed record Application(string Name, double Weight, string Provider, IReadOnlyList<Pipeline> Pipelines, double[] PipelineWeights);

    public static readonly string[] Judges =
    [
        "alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com", "erin@example.com", "frank@example.com",
        "grace@example.com", "heidi@example.com", "ivan@example.com", "judy@example.com", "mallory@example.com", "oscar@example.com",
    ];

    private static readonly string[] Names =
    [
        "checkout", "payments", "search", "catalog", "inventory", "cart", "orders", "shipping", "notifications", "accounts",
        "identity", "pricing", "recommendations", "reviews", "media", "edge-proxy", "billing", "fraud", "ledger", "reporting",
        "loyalty", "promotions", "returns", "warehouse", "tax", "currency", "geo", "support", "chat", "email",
        "sms", "feature-flags", "audit", "exports", "imports", "scheduler", "webhooks", "partners", "mobile-api", "admin",
    ];

    /// <summary>Pipelines every application has, then optional ones (each application takes some, in its own order).</summary>
    private static readonly string[] CorePipelines = ["Build and bake", "Deploy to staging", "Deploy to production"];

    private static readonly string[] OptionalPipelines =
        ["Integration tests", "Deploy preview", "Canary analysis", "Promote to prod-eu", "Database migration", "Nightly load test", "Rollback production"];

    public static IReadOnlyList<Application> Applications(Random random)
    {
        var applications = new List<Application>();
        for (var rank = 0; rank < Names.Length; rank++)
        {
            var name = Names[rank];
            var provider = (rank % 10) switch { < 6 => "kubernetes", < 9 => "aws", _ => "gce" };
            (string? Id, string? Version) template = random.NextDouble() switch
            {
                < 0.25 => (null, "v2"),
                < 0.33 => ($"spinnaker://deploy-{(provider == "kubernetes" ? "k8s" : provider)}-service", "v1"),
                _ => (null, null),
            };
            var optional = OptionalPipelines.OrderBy(_ => random.Next()).Take(random.Next(0, OptionalPipelines.Length + 1));
            var pipelines = CorePipelines.Concat(optional)
                .Select(p => PlanPipeline(name, provider, p, template.Id, template.Version, random))
                .ToList();
            // Orchestrations (UI actions): ~8% of an application's executions.
            var pipelineWeight = pipelines.Sum(p => p.Weight);
            pipelines.AddRange(Orchestrations(name, provider, pipelineWeight * 0.087));
            applications.Add(new Application(name, 1 / Math.Pow(rank + 1, 0.9), provider, pipelines,
                StatisticsSeed.Cumulative(pipelines.Select(p => p.Weight))));
        }
        return applications;
    }

    private static Pipeline PlanPipeline(string app, string provider, string name, string? templateId, string? templateVersion, Random random)
    {
        var s = new Stages(app, provider);
        var (weight, trigger, fail, cancel, stages) = name switch
        {
            "Build and bake" => (18.0, random.Next(2) == 0 ? "git" : "jenkins", 0.07, 0.02, new[]
            {
                s.Jenkins("1", "Build", []),
                s.RunJob("2", "Unit tests", ["1"], 180, continueOnFailure: true),
                s.RunJob("3", "Static analysis", ["1"], 90, continueOnFailure: true),
                s.RunJob("4", "Security scan", ["1"], 120),
                s.Bake("5", ["2", "3", "4"]),
                s.Jenkins("6", "Publish artifacts", ["5"]),
                s.Webhook("7", "Publish build info", ["6"]),
                s.Simple("8", "pipeline", "Trigger staging deploy", ["7"], 5, null),
            }),
            "Deploy to staging" => (20.0, random.Next(3) == 0 ? "docker" : "pipeline", 0.06, 0.02, new[]
            {
                s.FindImage("1", []),
                s.Deploy("2", "Deploy to staging (primary)", ["1"], "staging", window: false),
                s.Deploy("3", "Deploy to staging (secondary)", ["1"], "staging", window: false),
                s.RunJob("4", "Smoke tests", ["2", "3"], 150),
                s.RunJob("5", "API tests", ["2", "3"], 240, continueOnFailure: true),
                s.Webhook("6", "Notify #deploys", ["4", "5"]),
                s.Wait("7", "Soak", ["6"], 300),
                s.Simple("8", "pipeline", "Trigger production", ["7"], 5, null),
            }),
            "Deploy to production" => (14.0, "manual", 0.08, 0.04, new[]
            {
                s.FindImage("1", []),
                s.Preconditions("2", "Check staging health", ["1"]),
                s.Judgment("3", "Approve production", ["2"], 1_200),
                s.Deploy("4", "Deploy to production (primary)", ["3"], "prod", window: true),
                s.Deploy("5", "Deploy to production (secondary)", ["3"], "prod2", window: true),
                s.Wait("6", "Soak", ["4", "5"], 600),
                s.RunJob("7", "Verify production", ["6"], 120),
                s.Judgment("8", "Confirm rollout", ["7"], 600, skipChance: 0.3),
            }),
            "Integration tests" => (15.0, "pipeline", 0.12, 0.01, new[]
            {
                s.RunJob("1", "Load fixtures", [], 60),
                s.RunJob("2", "API tests", ["1"], 420, continueOnFailure: true),
                s.RunJob("3", "UI tests", ["1"], 900, continueOnFailure: true),
                s.RunJob("4", "Contract tests", ["1"], 240, continueOnFailure: true),
                s.Jenkins("5", "Publish report", ["2", "3", "4"]),
                s.RunJob("6", "Tear down fixtures", ["5"], 45),
            }),
            "Deploy preview" => (8.0, "webhook", 0.05, 0.05, new[]
            {
                s.Deploy("1", "Deploy preview", [], "dev", window: false),
                s.RunJob("2", "Run migrations", ["1"], 60),
                s.RunJob("3", "Smoke tests", ["2"], 120),
                s.Webhook("4", "Comment on pull request", ["3"]),
            }),
            "Canary analysis" => (6.0, "pipeline", 0.15, 0.03, new[]
            {
                s.Deploy("1", "Deploy baseline", [], "canary", window: false),
                s.Deploy("2", "Deploy canary", [], "canary", window: false),
                s.Canary("3", ["1", "2"]),
                s.Cleanup("4", "Clean up canary", ["3"]),
            }),
            "Promote to prod-eu" => (5.0, "pipeline", 0.07, 0.03, new[]
            {
                s.Judgment("1", "Approve EU rollout", [], 1_800),
                s.Deploy("2", "Deploy to prod-eu", ["1"], "eu", window: true),
                s.Wait("3", "Soak", ["2"], 600),
            }),
            "Database migration" => (3.0, "manual", 0.1, 0.05, new[]
            {
                s.Judgment("1", "Approve migration", [], 900),
                s.RunJob("2", "Migrate schema", ["1"], 300),
                s.RunJob("3", "Verify schema", ["2"], 60),
            }),
            "Nightly load test" => (2.0, "cron", 0.1, 0.02, new[]
            {
                s.Deploy("1", "Deploy load environment", [], "staging", window: false),
                s.RunJob("2", "Load test", ["1"], 2_400),
                s.Wait("3", "Cool down", ["2"], 120),
                s.Cleanup("4", "Tear down", ["3"]),
            }),
            "Rollback production" => (1.0, "manual", 0.05, 0.05, new[]
            {
                s.Judgment("1", "Confirm rollback", [], 300),
                s.Rollback("2", ["1"]),
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        return new Pipeline(name, Ids.Guid($"{app}:{name}").ToString(), "PIPELINE", weight, trigger, stages, fail, cancel,
            Speed: 0.5 + random.NextDouble() * 1.5, templateId, templateVersion);
    }

    private static IEnumerable<Pipeline> Orchestrations(string app, string provider, double totalWeight)
    {
        var s = new Stages(app, provider);
        yield return Orchestration("Resize server group", totalWeight * 0.4, s.Simple("1", "resizeServerGroup", "resizeServerGroup", [], 45, "prod"));
        yield return Orchestration("Disable server group", totalWeight * 0.25, s.Simple("1", "disableServerGroup", "disableServerGroup", [], 30, "prod"));
        yield return Orchestration("Save pipeline", totalWeight * 0.35, s.Simple("1", "savePipeline", "savePipeline", [], 2, null));
    }

    private static Pipeline Orchestration(string name, double weight, StagePlan stage) =>
        new(name, null, "ORCHESTRATION", weight, "manual", [stage], 0.04, 0.0, 1.0, null, null);

    /// <summary>Stage plans of one application on its cloud: the same pipeline looks different on Kubernetes and on AWS.</summary>
    private sealed class Stages(string app, string provider)
    {
        private bool Kubernetes => provider == "kubernetes";

        public Target? TargetFor(string? environment) => environment is null ? null : provider switch
        {
            "kubernetes" => new Target(provider, environment switch
            {
                "prod" or "prod2" or "canary" => "k8s-prod-us",
                "eu" => "k8s-prod-eu",
                "dev" => "k8s-dev",
                _ => "k8s-staging",
            }, [], $"deployment {app}-api"),
            "aws" => new Target(provider, environment switch { "prod" or "prod2" or "canary" or "eu" => "aws-prod", "dev" => "aws-dev", _ => "aws-staging" },
                environment switch
                {
                    "prod" => ["us-east-1"],
                    "prod2" => ["us-west-2"],
                    "eu" => ["eu-west-1"],
                    "canary" => ["us-east-1"],
                    _ => ["us-east-1"],
                }, $"{app}-{Cluster(environment)}"),
            _ => new Target(provider, environment is "prod" or "prod2" or "canary" or "eu" ? "gce-prod" : "gce-staging",
                environment switch { "eu" => ["europe-west1"], "prod2" => ["us-east1"], _ => ["us-central1"] }, $"{app}-{Cluster(environment)}"),
        };

        private static string Cluster(string environment) => environment switch { "prod2" => "prod", "eu" => "prod-eu", _ => environment };

        public StagePlan FindImage(string id, string[] after) =>
            new(id, Kubernetes ? "findArtifactsFromResource" : "findImageFromTags", "Find image", after, 4, 0.3, 0.2, null,
                ["No image found matching tags [release]", "Artifact not found: docker/image " + app]);

        public StagePlan Jenkins(string id, string name, string[] after) =>
            new(id, "jenkins", name, after, 360, 0.5, 3, null,
                [$"Job {app}-build/{{n}} finished with result FAILURE", $"Job {app}-build/{{n}} finished with result UNSTABLE",
                 "Timed out waiting for the Jenkins job to start"]);

        public StagePlan RunJob(string id, string name, string[] after, double seconds, bool continueOnFailure = false) =>
            new(id, Kubernetes ? "runJobManifest" : "runJob", name, after, seconds, 0.4, 2, TargetFor("staging"),
                ["Job failed with exit code 1", "Job exceeded its activeDeadlineSeconds", "Pod evicted: the node was low on memory",
                 $"Job {app}-{{n}} failed: 3 of 48 checks failed"], ContinueOnFailure: continueOnFailure);

        public StagePlan Bake(string id, string[] after)
        {
            if (Kubernetes)
                return new StagePlan(id, "bakeManifest", "Bake (Helm)", after, 40, 0.3, 0.5, null,
                    ["Helm template failed: values.yaml: line 12: mapping values are not allowed here"]);
            var regions = provider == "aws" ? new[] { "us-east-1", "us-west-2", "eu-west-1" } : ["us-central1"];
            return new StagePlan(id, "bake", "Bake", after, 0, 0, 0, new Target(provider, $"{provider}-prod", regions, null), [])
            {
                Children = [.. regions.Select((region, i) => new StagePlan($"{id}<{i + 1}", "bakeInRegion", $"Bake in {region}", [], 420, 0.3, 1,
                    new Target(provider, $"{provider}-prod", [region], null),
                    ["Bake failed: packer exited with code 1", "Base image not found: bionic-base-20240501"], Owner: "STAGE_BEFORE"))],
            };
        }

        public StagePlan Deploy(string id, string name, string[] after, string environment, bool window)
        {
            var target = TargetFor(environment)!;
            var children = new List<StagePlan>();
            if (window)
                children.Add(new StagePlan($"{id}<{children.Count + 1}", "restrictExecutionDuringTimeWindow", "Restrict execution during time window",
                    [], 1_800, 1.0, 0, target, [], Owner: "STAGE_BEFORE"));
            if (Kubernetes)
            {
                var manifest = new StagePlan(id, "deployManifest", name, after, 150, 0.5, 3, target,
                    [$"Deployment {app}-api exceeded its progress deadline", $"Back-off pulling image \"registry.example.com/{app}:{{n}}\"",
                     "admission webhook \"policy.example.com\" denied the request: missing resource limits",
                     "Manifest failed to stabilize within 1800 s"]);
                // Red/black traffic management: Orca disables the previous replica set after the rollout.
                if (environment is "staging" or "prod" or "prod2" or "eu")
                    children.Add(new StagePlan($"{id}>1", "disableManifest", "Disable previous replica set", [], 20, 0.3, 0.3, target,
                        ["Failed to disable replicaSet: not found"], Owner: "STAGE_AFTER"));
                return manifest with { Children = children };
            }
            var groupRef = $"{id}<{children.Count + 1}";
            children.Add(new StagePlan(groupRef, "createServerGroup", $"Deploy in {string.Join(", ", target.Regions)}", [], 300, 0.4, 3, target,
                [$"Validation failed: capacity.invalid (desired capacity 12 is greater than max capacity 10)",
                 "Timed out waiting for 3 instances to become healthy (waited 1800 s)",
                 $"Insufficient capacity for m5.large in {target.Regions[0]}a", $"Image {app}-{{n}} not found in account {target.Account}"],
                Owner: "STAGE_BEFORE")
            {
                Children = provider == "aws"
                    ?
                    [
                        new StagePlan($"{groupRef}>1", "disableCluster", "disableCluster", [], 40, 0.3, 0.3, target,
                            ["Failed to disable server group: instances still registered"], Owner: "STAGE_AFTER"),
                        new StagePlan($"{groupRef}>2", "shrinkCluster", "shrinkCluster", [], 25, 0.3, 0.2, target,
                            ["Failed to destroy server group: it is still in use"], Owner: "STAGE_AFTER"),
                    ]
                    : [],
            });
            return new StagePlan(id, "deploy", name, after, 0, 0, 0, target, []) { Children = children };
        }

        public StagePlan Canary(string id, string[] after) =>
            new(id, "kayentaCanary", "Canary analysis", after, 0, 0, 0, null, [])
            {
                Children = [.. Enumerable.Range(1, 3).Select(i => new StagePlan($"{id}<{i}", "runCanary", $"Run canary #{i}", [], 600, 0.2, 2, null,
                    ["Canary score 42.0 is below the marginal threshold 75.0", "Metrics query returned no data for 'error_rate'"], Owner: "STAGE_BEFORE"))],
            };

        public StagePlan Cleanup(string id, string name, string[] after) =>
            Simple(id, Kubernetes ? "deleteManifest" : "destroyServerGroup", name, after, 30, "canary");

        public StagePlan Rollback(string id, string[] after) =>
            new(id, Kubernetes ? "undoRolloutManifest" : "rollbackCluster", "Roll back", after, 200, 0.4, 1, TargetFor("prod"),
                ["No previous revision to roll back to", "Rollback timed out waiting for the previous server group"]);

        public StagePlan Judgment(string id, string name, string[] after, double seconds, double skipChance = 0) =>
            new(id, "manualJudgment", name, after, seconds, 1.2, 1.5, null, [], SkipChance: skipChance);

        public StagePlan Wait(string id, string name, string[] after, double seconds) =>
            new(id, "wait", name, after, seconds, 0, 0, null, []);

        public StagePlan Preconditions(string id, string name, string[] after) =>
            new(id, "checkPreconditions", name, after, 3, 0.3, 1, TargetFor("staging"), ["Expected cluster size 3, found 2"]);

        public StagePlan Webhook(string id, string name, string[] after) =>
            new(id, "webhook", name, after, 2, 0.5, 0.5, null, ["Webhook returned 500 from https://hooks.example.com/deploy", "Webhook timed out after 60 s"]);

        public StagePlan Simple(string id, string type, string name, string[] after, double seconds, string? environment) =>
            new(id, type, name, after, seconds, 0.3, 1, TargetFor(environment), [$"Operation failed: {type} of {app} returned 409 Conflict"]);
    }
}
