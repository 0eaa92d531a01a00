using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

[TestFixture]
public sealed class When_Mesh_asks_Gate_for_the_recent_executions_of_an_application
{
    // Shaped as Gate relays Orca's executions (expand=false: stages without outputs), newest not first on purpose.
    private const string Executions = """
        [
          { "id": "01JOLD", "name": "Deploy", "pipelineConfigId": "cfg-deploy", "application": "checkout", "status": "SUCCEEDED",
            "startTime": 1767261600000, "buildTime": 1767261599000,
            "trigger": { "type": "git", "user": "alice", "parameters": { "sha": "abc" } }, "stages": [] },
          { "id": "01JMESHTOP", "name": "Rollback checkout", "pipelineConfigId": "cfg-rb", "application": "checkout", "status": "RUNNING",
            "startTime": 1767265200000,
            "trigger": { "type": "manual", "user": "spinnaker-mesh", "meshDecisionId": "dec-top", "meshReason": "canary failed",
                         "parameters": { "meshDecisionId": "dec-top", "cluster": "checkout-prod" } } },
          { "id": "01JMESHPARAM", "name": "Rollback checkout", "pipelineConfigId": "cfg-rb", "application": "checkout", "status": "TERMINAL",
            "startTime": 1767263400000,
            "trigger": { "type": "manual", "user": "spinnaker-mesh", "parameters": { "meshDecisionId": "dec-param" } } },
          { "id": "01JQUEUED", "name": "Rollback checkout", "pipelineConfigId": "cfg-rb", "status": "NOT_STARTED", "startTime": null,
            "trigger": { "type": "manual" } }
        ]
        """;

    [Test]
    public async Task Should_list_them_newest_first_with_the_decision_id_from_the_trigger_or_its_parameters()
    {
        using var gate = GateStub.Start().Answers("GET", "/applications/checkout/pipelines", 200, Executions);
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl), ("Mesh:Gate:Auth:Mode", "bearer"), ("Mesh:Gate:Auth:Token", "t0ken"));

        var executions = await clients.Client.RecentExecutionsAsync("checkout", 25, CancellationToken.None);

        var request = gate.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Query!["limit"].ToString(), Is.EqualTo("25"));
            Assert.That(request.Query!["expand"].ToString(), Is.EqualTo("false"));
            Assert.That(GateStub.Header(request, "Authorization"), Is.EqualTo("Bearer t0ken"));
            Assert.That(executions, Is.EqualTo(new[]
            {
                new GateExecution("01JQUEUED", "Rollback checkout", "cfg-rb", "NOT_STARTED", null, null),
                new GateExecution("01JMESHTOP", "Rollback checkout", "cfg-rb", "RUNNING", DateTimeOffset.FromUnixTimeMilliseconds(1767265200000), "dec-top"),
                new GateExecution("01JMESHPARAM", "Rollback checkout", "cfg-rb", "TERMINAL", DateTimeOffset.FromUnixTimeMilliseconds(1767263400000), "dec-param"),
                new GateExecution("01JOLD", "Deploy", "cfg-deploy", "SUCCEEDED", DateTimeOffset.FromUnixTimeMilliseconds(1767261600000), null),
            }));
        });
    }

    [Test]
    public async Task Should_keep_at_most_the_limit()
    {
        using var gate = GateStub.Start().Answers("GET", "/applications/checkout/pipelines", 200, Executions);
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl));

        var executions = await clients.Client.RecentExecutionsAsync("checkout", 2, CancellationToken.None);

        Assert.That(executions.Select(e => e.ExecutionId), Is.EqualTo(new[] { "01JQUEUED", "01JMESHTOP" }));
    }

    [Test]
    public async Task Should_fail_when_Gate_answers_something_that_is_not_a_list()
    {
        using var gate = GateStub.Start().Answers("GET", "/applications/checkout/pipelines", 200, """{"status":"UP"}""");
        await using var clients = GateClients.Build(("Mesh:Gate:BaseUrl", gate.BaseUrl));

        var failure = Assert.ThrowsAsync<GateCallException>(() => clients.Client.RecentExecutionsAsync("checkout", 10, CancellationToken.None));

        Assert.That(failure!.Message, Does.StartWith("GET /applications/checkout/pipelines?limit=10&expand=false: Gate answered something that is not a list"));
    }
}
