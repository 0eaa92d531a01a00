extern alias ingest;
using System.Text.Json.Nodes;
using ingest::Spinnaker.Mesh.Ingest.Normalization;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Support;

/// <summary>
/// The shared Echo fixtures of failed pipelines, read in place (<see cref="EchoFixtures"/>) and turned by ingest's own
/// normalizer into the <see cref="PipelineCompleted"/> ingest would publish for them.
/// </summary>
internal static class EchoFixtureRuns
{
    /// <summary><c>orca:pipeline:failed</c>, <c>TERMINAL</c>: an AWS deploy whose synthetic child got Clouddriver's HTTP 400.</summary>
    public const string Terminal = "synthetic-pipeline-failed-terminal.json";

    /// <summary><c>orca:pipeline:failed</c>, <c>CANCELED</c> by a user during the deploy.</summary>
    public const string Canceled = "synthetic-pipeline-failed-canceled.json";

    /// <summary>A real serialized execution (not an envelope): <c>TERMINAL</c>, started by a <c>pipeline</c> trigger.</summary>
    public const string PipelineTriggered = "execution-terminal-orca-pipelinetrigger.json";

    public static PipelineCompleted Read(string file, string tenant)
    {
        var body = File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), file));
        var root = JsonNode.Parse(body)!.AsObject();
        if (!root.ContainsKey("details"))
        {
            // The bare execution, as the content of the pipeline event Orca sends for it.
            var created = (root["endTime"]!.GetValue<long>() + 120).ToString(System.Globalization.CultureInfo.InvariantCulture);
            body = new JsonObject
            {
                ["details"] = new JsonObject { ["source"] = "orca", ["type"] = "orca:pipeline:failed", ["created"] = created },
                ["content"] = new JsonObject { ["execution"] = root, ["executionId"] = root["id"]!.DeepClone() },
            }.ToJsonString();
        }
        var result = EchoEventNormalizer.Normalize(EchoPayloads.Receipt(body, tenant));
        Assert.That(result.Rejection, Is.Null, $"ingest rejected {file}");
        return result.Events.Select(e => e.Event).OfType<PipelineCompleted>().Single();
    }
}
