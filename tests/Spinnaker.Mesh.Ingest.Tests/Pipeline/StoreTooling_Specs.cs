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

    [Test]
    public async Task Should_keep_the_read_model_tables_that_statistics_and_tools_query()
    {
        var columns = await _mesh.ScalarAsync<string>("""
            SELECT string_agg(table_name || '.' || column_name || ':' || udt_name || ':' || is_nullable, ' ' ORDER BY table_name, ordinal_position)
            FROM information_schema.columns
            WHERE table_schema = 'ingest' AND table_name IN ('receipts', 'rejections', 'execution_timeline')
            """);
        var newest = await _mesh.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = 'ingest' AND indexname = 'rejections_newest'");

        Assert.That(columns, Is.EqualTo(string.Join(' ',
            "execution_timeline.tenant:text:NO", "execution_timeline.execution_id:text:NO", "execution_timeline.occurred_at:timestamptz:NO",
            "execution_timeline.step:int2:NO", "execution_timeline.event_id:uuid:NO",
            "receipts.receipt_id:uuid:NO", "receipts.tenant:text:NO", "receipts.received_at:timestamptz:NO", "receipts.processed_at:timestamptz:NO",
            "receipts.echo_type:text:YES", "receipts.status:text:NO", "receipts.events_appended:int4:NO", "receipts.events_already_stored:int4:NO",
            "receipts.stream_ids:_text:NO", "receipts.reason:text:YES",
            "rejections.receipt_id:uuid:NO", "rejections.tenant:text:NO", "rejections.received_at:timestamptz:NO", "rejections.rejected_at:timestamptz:NO",
            "rejections.echo_type:text:YES", "rejections.reason:text:NO", "rejections.event:jsonb:NO")));
        Assert.That(newest, Does.EndWith("USING btree (tenant, rejected_at DESC, receipt_id)"));
    }
}
