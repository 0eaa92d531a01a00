using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Domain;

/// <summary>The failed pipelines of the shared Echo fixtures, as ingest publishes them, read for an incident.</summary>
[TestFixture]
public sealed class When_the_shared_Echo_fixtures_of_failed_pipelines_are_read
{
    [Test]
    public void Should_find_the_error_of_the_synthetic_deploy_child_and_its_failed_parent()
    {
        var observed = DeployContext.Observe(EchoFixtureRuns.Read(EchoFixtureRuns.Terminal, "acme"))!;
        var child = observed.FailedStages.Single(s => s.Type == "createServerGroup");
        Assert.Multiple(() =>
        {
            Assert.That(observed.Run.Status, Is.EqualTo("TERMINAL"));
            Assert.That(observed.Pipeline.Key, Is.EqualTo("id:c142d17d-1f72-47a0-9187-453fc68ccb9e"));
            Assert.That(observed.Run.EndedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1715702401822)));
            Assert.That(observed.FailedStages.Select(s => s.Name), Is.EquivalentTo(new[] { "Deploy", "Deploy in us-east-1" }));
            Assert.That(child.Errors, Has.Some.Contains("desired capacity 12 is greater than max capacity 10"));
            Assert.That(observed.Trigger!.Type, Is.EqualTo("manual"));
            Assert.That(observed.Trigger.User, Is.EqualTo("bob@example.com"));
            Assert.That(observed.Run.Facts, Has.Some.EqualTo(new RunFact("parameter", "amiName", "payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514")));
        });
    }

    [Test]
    public void Should_read_who_canceled_a_canceled_pipeline_and_why()
    {
        var observed = DeployContext.Observe(EchoFixtureRuns.Read(EchoFixtureRuns.Canceled, "acme"))!;
        Assert.Multiple(() =>
        {
            Assert.That(observed.Run.Status, Is.EqualTo("CANCELED"));
            Assert.That(observed.CanceledBy, Is.EqualTo("bob@example.com"));
            Assert.That(observed.CancellationReason, Is.EqualTo("Wrong image tag, redeploying 1.9.2"));
            Assert.That(observed.FailedStages.Select(s => (s.Type, s.Status)), Has.Some.EqualTo(("deployManifest", "CANCELED")));
        });
    }

    [Test]
    public void Should_read_the_parent_execution_of_a_real_pipeline_triggered_failure()
    {
        var observed = DeployContext.Observe(EchoFixtureRuns.Read(EchoFixtureRuns.PipelineTriggered, "acme"))!;
        Assert.Multiple(() =>
        {
            Assert.That(observed.Run.Status, Is.EqualTo("TERMINAL"));
            Assert.That(observed.Trigger!.Type, Is.EqualTo("pipeline"));
            Assert.That(observed.Trigger.ParentExecutionId, Is.EqualTo("84099610-f292-4cab-bd5a-49ecf8570ffe"));
            Assert.That(observed.FailedStages.Select(s => s.Status), Is.All.EqualTo("STOPPED"));
            Assert.That(observed.FailedStages.SelectMany(s => s.Errors), Is.Not.Empty, "the exception of the stopped deploy");
        });
    }
}
