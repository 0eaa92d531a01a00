using Marten;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Consumers;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Storage;

/// <summary>
/// The consumers store a batch of messages in one transaction and acknowledge it after the commit, so a consumer that
/// dies after the commit gets the whole batch again. That second delivery must append nothing and write nothing.
/// </summary>
internal sealed class When_the_same_batch_is_delivered_twice : StoreSpec
{
    private const string Tenant = "batch-twice";

    private static readonly PipelineRun Run = new PipelineRun(Tenant, "01HZT7BATCHTW1CE000000001")
        .Stage("1", "bake", at: 0, seconds: 30)
        .Stage("2", "deploy", at: 31, seconds: 60, after: ["1"], cloudProvider: "aws", account: "prod", regions: ["us-east-1"])
        .Stage("2<1", "createServerGroup", at: 32, seconds: 20, parent: "2", owner: "STAGE_BEFORE");

    private int _firstAppended;
    private int _secondAppended;
    private int _reversedAppended;
    private string _before = "";
    private string _after = "";
    private long _versionBefore;
    private long _versionAfter;

    [OneTimeSetUp]
    public async Task DeliverTwice()
    {
        var batch = Run.Events();
        _firstAppended = (await Writer.AppendAsync(batch, CancellationToken.None)).Count;
        _before = await ReadModelAsync(Tenant, withWriteTimes: true);
        _versionBefore = await Store.StreamVersionAsync(Tenant, Run.ExecutionId);

        _secondAppended = (await Writer.AppendAsync(batch, CancellationToken.None)).Count;
        _reversedAppended = (await Writer.AppendAsync([.. batch.Reverse()], CancellationToken.None)).Count;
        _after = await ReadModelAsync(Tenant, withWriteTimes: true);
        _versionAfter = await Store.StreamVersionAsync(Tenant, Run.ExecutionId);
    }

    [Test]
    public void Should_append_the_batch_once()
    {
        Assert.That(_firstAppended, Is.EqualTo(Run.Events().Count));
        Assert.That(_versionBefore, Is.EqualTo(Run.Events().Count));
    }

    [Test]
    public async Task Should_store_each_event_under_its_contract_id_and_stable_alias()
    {
        await using var session = Store.QuerySession(Tenant);
        var stored = (await session.Events.FetchStreamAsync(Run.ExecutionId)).Select(e => (e.Id, e.EventTypeName)).Order().ToList();
        var aliases = ExecutionEvents.All.ToDictionary(a => a.Type, a => a.Alias);
        var expected = Run.Events().Select(e => (ExecutionEvents.Identify(e).EventId, aliases[e.GetType()])).Order().ToList();
        Assert.That(stored, Is.EqualTo(expected));
    }

    [Test]
    public void Should_append_nothing_the_second_time()
    {
        Assert.That(_secondAppended, Is.Zero);
        Assert.That(_reversedAppended, Is.Zero);
        Assert.That(_versionAfter, Is.EqualTo(_versionBefore));
    }

    [Test]
    public void Should_change_no_row_of_the_read_model()
    {
        Assert.That(_before, Does.Contain("executions: "), "the first delivery built the read model");
        Assert.That(_after, Is.EqualTo(_before));
    }
}

/// <summary>One batch holding the first events of several executions, of two tenants, one execution id in both.</summary>
internal sealed class When_a_batch_spans_executions_and_tenants : StoreSpec
{
    private static readonly PipelineRun[] Runs =
    [
        new PipelineRun("batch-span-a", "01HZT7BATCHSPAN0000000001").Stage("1", "bake", at: 0, seconds: 30),
        new PipelineRun("batch-span-a", "01HZT7BATCHSPAN0000000002").Stage("1", "deploy", at: 0, seconds: 20),
        new PipelineRun("batch-span-b", "01HZT7BATCHSPAN0000000001").Stage("1", "bake", at: 0, seconds: 40),
    ];

    private int _appended;

    [OneTimeSetUp]
    public async Task DeliverOneBatch()
    {
        var interleaved = Runs.SelectMany(r => r.Events().Select((e, i) => (e, i))).OrderBy(x => x.i).Select(x => x.e).ToList();
        _appended = (await Writer.AppendAsync(interleaved, CancellationToken.None)).Count;
    }

    [Test]
    public async Task Should_store_every_event_in_its_tenants_stream()
    {
        Assert.That(_appended, Is.EqualTo(Runs.Sum(r => r.Events().Count)));
        foreach (var run in Runs)
            Assert.That(await Store.StreamVersionAsync(run.Tenant, run.ExecutionId), Is.EqualTo(run.Events().Count), $"{run.Tenant}/{run.ExecutionId}");
    }

    [Test]
    public async Task Should_build_each_executions_rows_from_its_own_events()
    {
        foreach (var run in Runs)
            Assert.That(await StageIdsAsync(run.Tenant, run.ExecutionId), Is.EqualTo(run.Stages.Select(s => s.Id).ToArray()), $"{run.Tenant}/{run.ExecutionId}");
        // The same execution id in two tenants: each tenant's row carries its own run's duration (30 s and 40 s).
        await using var command = Database.CreateCommand(
            "SELECT string_agg(tenant || '=' || duration_ms, ',' ORDER BY tenant) FROM execution_tree.stages WHERE execution_id = '01HZT7BATCHSPAN0000000001'");
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("batch-span-a=30000,batch-span-b=40000"));
    }
}
