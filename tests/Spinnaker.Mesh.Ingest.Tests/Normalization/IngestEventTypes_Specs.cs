using System.Text.RegularExpressions;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Ingest.Normalization;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_listing_the_event_aliases
{
    [Test]
    public void Should_list_every_normalized_contract_record()
    {
        var records = typeof(PipelineStarted).Assembly.GetTypes()
            .Where(t => t.IsClass && t.Namespace == typeof(PipelineStarted).Namespace && t.GetProperty("EventId")?.PropertyType == typeof(Guid));
        Assert.That(IngestEventTypes.All.Select(e => e.Type), Is.EquivalentTo(records));
    }

    [Test]
    public void Should_give_unique_versioned_aliases() => Assert.Multiple(() =>
    {
        Assert.That(IngestEventTypes.All.Select(e => e.Alias), Is.Unique);
        Assert.That(IngestEventTypes.All.Select(e => e.Type), Is.Unique);
        Assert.That(IngestEventTypes.All.Select(e => e.Alias), Has.All.Matches<string>(a => Regex.IsMatch(a, "^ingest\\.[a-z]+(-[a-z]+)*\\.v1$")));
    });

    [Test]
    public void Should_map_aliases_and_types_both_ways() => Assert.Multiple(() =>
    {
        foreach (var (alias, type) in IngestEventTypes.All)
        {
            Assert.That(IngestEventTypes.AliasOf(type), Is.EqualTo(alias));
            Assert.That(IngestEventTypes.TypeOf(alias), Is.EqualTo(type));
        }
        Assert.That(IngestEventTypes.AliasOf<ManualJudgmentResolved>(), Is.EqualTo("ingest.manual-judgment-resolved.v1"));
        Assert.That(IngestEventTypes.TypeOf("ingest.unknown.v1"), Is.Null);
        Assert.That(() => IngestEventTypes.AliasOf(typeof(string)), Throws.ArgumentException);
    });

    [Test]
    public void Should_keep_the_published_aliases() =>
        // Stored events are read back by these names: changing one orphans them.
        Assert.That(IngestEventTypes.All.Select(e => e.Alias), Is.EqualTo(new[]
        {
            "ingest.pipeline-started.v1", "ingest.pipeline-completed.v1", "ingest.orchestration-started.v1",
            "ingest.orchestration-completed.v1", "ingest.stage-started.v1", "ingest.stage-completed.v1", "ingest.task-started.v1",
            "ingest.task-completed.v1", "ingest.manual-judgment-resolved.v1", "ingest.ci-build-observed.v1",
            "ingest.git-push-observed.v1", "ingest.manual-trigger-requested.v1", "ingest.external-event-observed.v1",
        }));
}
