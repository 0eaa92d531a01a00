using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// <c>orca:stage:complete</c> bodies of one size, as Echo POSTs them with <c>wrap: false</c>: a Kubernetes
/// <c>deployManifest</c> stage that just succeeded (nine tasks, Clouddriver tasks, outputs) inside its two-stage
/// execution, built from <see cref="EchoPayloads"/>' building blocks. The size comes from what makes real stage
/// events big: the manifests the stage deployed, in <c>context.manifests</c> and again in
/// <c>context.outputs.manifests</c> (Orca repeats the context in <c>content</c> and in the execution's stage), plus
/// a ConfigMap whose <c>application.yml</c> takes up the last bytes. Every body has new execution and stage ids, so
/// ingest appends new events for each one.
/// </summary>
internal sealed class StageCompletePayloads
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string Namespace = "checkout-staging";

    private readonly int _level;
    private readonly int _configLength;

    private StageCompletePayloads(int targetBytes, int level, int configLength)
    {
        TargetBytes = targetBytes;
        _level = level;
        _configLength = configLength;
        BodyBytes = Encoding.UTF8.GetByteCount(Build(NewUlid(), NewUlid(), NewUlid(), level, configLength));
    }

    public int TargetBytes { get; }

    /// <summary>Size of every body (ids have a fixed length, so all bodies of one instance are the same size).</summary>
    public int BodyBytes { get; }

    /// <summary>
    /// Finds the richest stage that fits <paramref name="targetBytes"/>, then the ConfigMap text that brings it to the
    /// target within a few bytes. Richness levels: 0 the stage alone with its nine tasks and one ConfigMap; 1 adds the
    /// pipeline's next stage (<c>wait</c>, not started); 2 adds what Orca writes after a deploy (Clouddriver tasks,
    /// <c>outputs.*</c>); 3 and up add one more Deployment each.
    /// </summary>
    public static StageCompletePayloads ForSize(int targetBytes)
    {
        var (execution, deploy, wait) = (NewUlid(), NewUlid(), NewUlid());
        int Size(int level, int config) => Encoding.UTF8.GetByteCount(Build(execution, deploy, wait, level, config));

        if (Size(0, 0) > targetBytes)
            throw new ArgumentOutOfRangeException(nameof(targetBytes), $"the smallest stage event is {Size(0, 0)} bytes, more than {targetBytes}");
        var level = 0;
        while (Size(level + 1, 0) <= targetBytes) level++;
        int low = 0, high = targetBytes;   // the longest ConfigMap text that still fits
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Size(level, mid) <= targetBytes) low = mid; else high = mid - 1;
        }
        return new StageCompletePayloads(targetBytes, level, low);
    }

    /// <summary>A new body: new execution id, new stage ids.</summary>
    public byte[] Next() => Encoding.UTF8.GetBytes(Build(NewUlid(), NewUlid(), NewUlid(), _level, _configLength));

    private static string Build(string executionId, string deployStageId, string waitStageId, int level, int configLength)
    {
        const long start = EchoPayloads.T0 + 300, end = EchoPayloads.T0 + 39_035;
        var tasks = EchoPayloads.DeployManifestTasks
            .Select((name, i) => EchoPayloads.TaskNode((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), name, "SUCCEEDED",
                EchoPayloads.DeployTaskStart(i + 1), EchoPayloads.DeployTaskEnd(i + 1)))
            .ToArray();
        var deploy = EchoPayloads.StageNode(deployStageId, "1", "deployManifest", "Deploy (Manifest)", "SUCCEEDED", start, end,
            DeployContext(level, configLength), tasks);
        JsonObject[] stages = level >= 1
            ? [deploy, EchoPayloads.StageNode(waitStageId, "2", "wait", "Wait", "NOT_STARTED", null, null, new JsonObject { ["waitTime"] = 30 }, requisite: ["1"])]
            : [deploy];
        var execution = EchoPayloads.ExecutionNode(executionId, EchoPayloads.PipelineName, "RUNNING", EchoPayloads.T0 + 190, null,
            ManualTrigger(executionId), EchoPayloads.Application, stages);
        return EchoPayloads.Event("orca:stage:complete", EchoPayloads.StageContent(execution, deploy), end + 40);
    }

    private static JsonObject DeployContext(int level, int configLength)
    {
        var names = Enumerable.Range(0, Math.Max(0, level - 2)).Select(i => i == 0 ? "checkout-api" : $"checkout-worker-{i}").ToList();
        JsonArray Manifests() => new([.. names.Select(n => (JsonNode)Deployment(n)), ConfigMap(configLength)]);
        var context = new JsonObject
        {
            ["account"] = "staging-k8s",
            ["cloudProvider"] = "kubernetes",
            ["moniker"] = new JsonObject { ["app"] = EchoPayloads.Application },
            ["source"] = "text",
            ["manifests"] = Manifests(),
        };
        if (level < 2) return context;
        context["kato.last.task.id"] = new JsonObject { ["id"] = "01HZB0M2K7CLEANUP000000001" };
        context["deploy.account.name"] = "staging-k8s";
        context["kato.tasks"] = new JsonArray(
            KatoTask("01HZB0M1A3DEPLOY0000000001", "Processing op: KubernetesDeployManifestOperation"),
            KatoTask("01HZB0M2K7CLEANUP000000001", "Processing op: KubernetesCleanupArtifactsOperation"));
        context["outputs.manifests"] = Manifests();
        context["outputs.manifestNamesByNamespace"] = new JsonObject
        {
            [Namespace] = new JsonArray([.. names.Select(n => (JsonNode)$"deployment {n}"), "configMap checkout-config-v014"]),
        };
        context["outputs.createdArtifacts"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject
        {
            ["type"] = "kubernetes/deployment", ["name"] = n, ["version"] = "", ["location"] = Namespace, ["reference"] = n,
            ["metadata"] = new JsonObject { ["account"] = "staging-k8s" }, ["artifactAccount"] = null, ["provenance"] = null, ["uuid"] = null,
        })]);
        context["stableManifests"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["manifestName"] = $"deployment {n}", ["location"] = Namespace })]);
        context["failedManifests"] = new JsonArray();
        return context;
    }

    private static JsonObject Deployment(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = Namespace,
            ["labels"] = new JsonObject
            {
                ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/part-of"] = "checkout", ["app.kubernetes.io/managed-by"] = "spinnaker",
            },
            ["annotations"] = new JsonObject
            {
                ["artifact.spinnaker.io/location"] = Namespace, ["artifact.spinnaker.io/name"] = name,
                ["artifact.spinnaker.io/type"] = "kubernetes/deployment", ["moniker.spinnaker.io/application"] = EchoPayloads.Application,
                ["moniker.spinnaker.io/cluster"] = $"deployment {name}",
            },
        },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 2,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name, ["version"] = "1.8.2" } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = name,
                        ["image"] = $"registry.example.com/checkout/{name}:1.8.2",
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["name"] = "http" }),
                        ["env"] = new JsonArray(
                            new JsonObject { ["name"] = "SPRING_PROFILES_ACTIVE", ["value"] = "staging" },
                            new JsonObject { ["name"] = "JAVA_TOOL_OPTIONS", ["value"] = "-XX:MaxRAMPercentage=75" }),
                        ["resources"] = new JsonObject
                        {
                            ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "512Mi" },
                            ["limits"] = new JsonObject { ["memory"] = "1Gi" },
                        },
                        ["readinessProbe"] = new JsonObject
                        {
                            ["httpGet"] = new JsonObject { ["path"] = "/health/ready", ["port"] = "http" }, ["periodSeconds"] = 5,
                        },
                    }),
                },
            },
        },
    };

    /// <summary>The application's configuration, <paramref name="length"/> characters of YAML.</summary>
    private static JsonObject ConfigMap(int length)
    {
        var yaml = new StringBuilder(length + 64);
        for (var i = 0; yaml.Length < length; i++)
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"checkout.features.flag{i:D3}: {(i % 3 == 0 ? "true" : "false")}\n");
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "checkout-config-v014", ["namespace"] = Namespace },
            ["data"] = new JsonObject { ["application.yml"] = yaml.ToString(0, length) },
        };
    }

    private static JsonObject KatoTask(string id, string operation) => new()
    {
        ["id"] = id,
        ["status"] = new JsonObject { ["completed"] = true, ["failed"] = false, ["retryable"] = false },
        ["history"] = new JsonArray(
            new JsonObject { ["phase"] = "ORCHESTRATION", ["status"] = operation },
            new JsonObject { ["phase"] = "ORCHESTRATION", ["status"] = "Orchestration completed." }),
        ["resultObjects"] = new JsonArray(),
        ["outputs"] = new JsonArray(),
    };

    private static JsonObject ManualTrigger(string executionId) => new()
    {
        ["type"] = "manual",
        ["correlationId"] = null,
        ["user"] = EchoPayloads.Alice,
        ["parameters"] = new JsonObject { ["imageTag"] = "1.8.2" },
        ["artifacts"] = new JsonArray(),
        ["notifications"] = new JsonArray(),
        ["other"] = new JsonObject { ["type"] = "manual", ["user"] = EchoPayloads.Alice, ["executionId"] = executionId },
        ["resolvedExpectedArtifacts"] = new JsonArray(),
        ["rebake"] = false,
        ["dryRun"] = false,
        ["strategy"] = false,
    };

    /// <summary>A ULID as Orca mints execution and stage ids: 48 bits of milliseconds, 80 random bits, Crockford base32.</summary>
    private static string NewUlid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16);
        RandomNumberGenerator.Fill(bytes[6..]);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Crockford[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
