using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;
using Weasel.Core;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Storage;

/// <summary>
/// The read-model tables are Weasel schema objects that Marten creates at every start: the next start must find
/// nothing to change, and statistics must find the indexes they were planned against.
/// </summary>
internal sealed class When_the_service_starts_against_its_own_schema : StoreSpec
{
    [Test]
    public async Task Should_find_nothing_to_migrate()
    {
        using var again = ExecutionTreeStore.Create(Database);
        var migration = await again.Storage.Database.CreateMigrationAsync();
        var changed = migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => $"{d.SchemaObject.Identifier}: {d.Difference}");
        Assert.That(migration.Difference, Is.EqualTo(SchemaPatchDifference.None), string.Join("; ", changed));
    }

    [TestCase("executions_newest", "(tenant, start_time DESC NULLS LAST, execution_id)")]
    [TestCase("executions_by_pipeline", "(tenant, application, pipeline_name, start_time DESC NULLS LAST)")]
    [TestCase("executions_by_template", "(tenant, template_id, template_version) WHERE (template_version IS NOT NULL)")]
    [TestCase("stages_by_application", "(tenant, application, start_time)")]
    [TestCase("stages_gates", "(tenant, application, pipeline_name, gate_kind) WHERE (gate_kind IS NOT NULL)")]
    [TestCase("stages_by_execution_start", "(tenant, execution_start)")]
    [TestCase("stages_gates_by_execution_start", "(tenant, execution_start) WHERE (gate_kind IS NOT NULL)")]
    [TestCase("execution_links_child", "(tenant, child_execution_id)")]
    [TestCase("regressions_by_pipeline", "(tenant, application, pipeline_name, detected_at DESC)")]
    public async Task Should_have_the_statistics_indexes(string index, string definition)
    {
        await using var command = Database.CreateCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'execution_tree' AND indexname = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = index });
        Assert.That(await command.ExecuteScalarAsync() as string, Does.EndWith($"USING btree {definition}"));
    }
}
