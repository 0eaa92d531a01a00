using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Pipeline;

/// <summary>Marten's command line against ingest's store, as an operator runs it beside a live service.</summary>
[TestFixture, NonParallelizable]
public sealed class When_an_operator_rebuilds_ingests_read_models
{
    private IngestUnderTest _mesh = null!;
    private string _before = null!;
    private (int ExitCode, string Output) _rebuild;

    [OneTimeSetUp]
    public async Task StoreDamageAndRebuild()
    {
        _mesh = await IngestUnderTest.StartAsync();
        foreach (var body in new[] { EchoPayloads.PipelineStarting(), EchoPayloads.StageStarting(), EchoPayloads.StageCompleted() })
            await _mesh.ProcessedAsync(await _mesh.AcceptAsync(body));
        _before = (await _mesh.GetJsonAsync($"api/executions/{EchoPayloads.ExecutionId}/events")).ToString();

        // The timeline lost rows and gained one no event supports.
        await _mesh.ExecuteAsync("DELETE FROM ingest.execution_timeline WHERE step > 0");
        await _mesh.ExecuteAsync(
            $"INSERT INTO ingest.execution_timeline VALUES ('default', '{EchoPayloads.ExecutionId}', now(), 3, '{Guid.NewGuid()}')");

        _rebuild = await _mesh.RunCommandAsync("projections", "rebuild");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _mesh.DisposeAsync();

    [Test]
    public void Should_succeed()
    {
        Assert.That(_rebuild.ExitCode, Is.Zero, _rebuild.Output);
    }

    [Test]
    public async Task Should_reproduce_the_timeline_from_the_events()
    {
        var after = (await _mesh.GetJsonAsync($"api/executions/{EchoPayloads.ExecutionId}/events")).ToString();
        Assert.That(after, Is.EqualTo(_before), _rebuild.Output);
    }

    [Test]
    public async Task Should_find_the_database_matching_the_configuration()
    {
        // Receipts, rejections and the timeline are Weasel objects: a migrated database has no difference left.
        var assert = await _mesh.RunCommandAsync("db-assert");
        Assert.That(assert.ExitCode, Is.Zero, assert.Output);
    }
}
