using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Figures;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>Echo redelivers and delivers late: the same inputs in any order, with duplicates, give the same answers.</summary>
public sealed class When_events_arrive_late_duplicated_or_out_of_order
{
    private static string Answers(IEnumerable<ExecutionObservation> executions, IEnumerable<CommitObservation> commits, IEnumerable<IncidentObservation> incidents)
    {
        var classification = Classify(executions, commits, incidents, History.Settings);
        var summary = DoraCalculator.Summary(classification, ThreeWeeks());
        // Duplicate deliveries are what differs by design; everything else must be identical.
        return JsonSerializer.Serialize(new
        {
            summary = summary with { Diagnostics = summary.Diagnostics with { DuplicateDeliveries = [] } },
            deployments = DoraCalculator.Deployments(classification, ThreeWeeks()),
        }, MeshJson.Options);
    }

    [Test]
    public void Should_give_the_same_figures_and_rows_for_every_shuffle()
    {
        var inOrder = Answers(History.Executions, History.Commits, History.Incidents);
        // d2, d6 and rb delivered twice; the incident re-posted once still open and once resolved.
        ExecutionObservation[] deliveries = [.. History.Executions, History.Executions[1], History.Executions[5], History.Executions[7]];
        IncidentObservation[] incidents = [.. History.Incidents, History.Incidents[0] with { ResolvedAt = null }];
        var random = new Random(20260302);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = Answers(Shuffle(deliveries, random), Shuffle(History.Commits, random), Shuffle(incidents, random));
            Assert.That(shuffled, Is.EqualTo(inOrder), $"shuffle {round}");
        }
    }

    [Test]
    public void Should_report_each_duplicate_delivery_once()
    {
        ExecutionObservation[] deliveries = [History.Executions[5], .. History.Executions, History.Executions[5]];
        var diagnostics = DoraCalculator.Summary(Classify(deliveries, History.Commits, History.Incidents, History.Settings), ThreeWeeks()).Diagnostics;
        Assert.That(diagnostics.DuplicateDeliveries.Select(d => (d.ExecutionId, d.Deliveries, d.DistinctStates)), Is.EqualTo(new[] { ("d6", 3, 1) }));
    }

    [Test]
    public void Should_recompute_earlier_classifications_when_a_late_deployment_arrives()
    {
        // Without d1, d2 is the first deployment after the baseline; d1 arriving late takes c1 and c2 from it.
        var withoutD1 = Classify(History.Executions.Skip(1), History.Commits, History.Incidents, History.Settings);
        var withD1 = Classify(History.Executions, History.Commits, History.Incidents, History.Settings);
        Assert.That(withoutD1.Row("d2").ChangeSet.Select(c => c.Sha), Is.EqualTo(new[] { "c1", "c2", "c3" }));
        Assert.That(withD1.Row("d2").ChangeSet.Select(c => c.Sha), Is.EqualTo(new[] { "c3" }));
    }

    private static T[] Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }
}
