using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Spinnaker.Mesh.Rollback.Tests.Incidents.Support;
using static Spinnaker.Mesh.Rollback.Tests.Incidents.Support.PipelineRuns;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Domain;

[TestFixture]
public sealed class When_the_pipeline_succeeds_after_its_failures
{
    private static readonly PipelineRuns Payments = new("acme");
    private IncidentScenario _scenario = null!;

    [SetUp]
    public void Observe()
    {
        _scenario = new IncidentScenario(Payments);
        _scenario.Observe(Payments.Failed("F1", At(2)), Payments.Failed("F2", At(3)), Payments.Succeeded("S1", At(5.5)));
    }

    [Test]
    public void Should_resolve_the_incident_and_record_the_recovery_time()
    {
        var resolved = _scenario.Resolved.Single();
        Assert.Multiple(() =>
        {
            Assert.That(resolved.IncidentId, Is.EqualTo(_scenario.Opened.Single().IncidentId));
            Assert.That(resolved.ResolvedByExecutionId, Is.EqualTo("S1"));
            Assert.That(resolved.OpenedAt, Is.EqualTo(At(2)));
            Assert.That(resolved.ResolvedAt, Is.EqualTo(At(5.5)));
            Assert.That(resolved.RecoveryMs, Is.EqualTo(3.5 * 3_600_000));
            Assert.That(resolved.FailedExecutionIds, Is.EqualTo(new[] { "F1", "F2" }));
            Assert.That(resolved.EventId, Is.EqualTo(IncidentIds.Resolved("acme", resolved.IncidentId)));
            Assert.That(_scenario.Single.Status, Is.EqualTo(IncidentStatus.Resolved));
            Assert.That(_scenario.Single.RecoveryMs, Is.EqualTo(resolved.RecoveryMs));
        });
    }

    [Test]
    public void Should_resolve_it_once_however_many_successes_follow()
    {
        _scenario.Observe(Payments.Succeeded("S2", At(6)), Payments.Succeeded("S3", At(7)));
        Assert.That(_scenario.Resolved, Has.Count.EqualTo(1));
    }

    [Test]
    public void Should_open_a_new_incident_for_a_later_failure_with_the_recovery_as_baseline()
    {
        _scenario.Observe(Payments.Failed("F3", At(8)));
        Assert.That(_scenario.Opened.Select(o => o.ExecutionId), Is.EqualTo(new[] { "F1", "F3" }));
        Assert.That(_scenario.Opened[1].LastSuccessfulExecutionId, Is.EqualTo("S1"));
    }
}

[TestFixture]
public sealed class When_a_failed_execution_is_restarted_and_succeeds
{
    [Test]
    public void Should_resolve_its_own_incident()
    {
        var payments = new PipelineRuns("acme");
        var scenario = new IncidentScenario(payments);
        scenario.Observe(payments.Failed("F1", At(2)), payments.Succeeded("F1", At(3)));
        Assert.That(scenario.Resolved.Single().ResolvedByExecutionId, Is.EqualTo("F1"));
        Assert.That(scenario.Resolved.Single().RecoveryMs, Is.EqualTo(3_600_000));
    }
}
