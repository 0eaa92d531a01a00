using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Policies;
using Spinnaker.Mesh.Rollback.Rollbacks;
using static Spinnaker.Mesh.Rollback.Tests.Rollbacks.Executions;

namespace Spinnaker.Mesh.Rollback.Tests.Rollbacks;

public sealed class When_a_policy_names_the_rollback_pipeline
{
    /// <summary>Policies as the policy store lists them, for one tenant.</summary>
    private sealed class ListedPolicies(string tenant, params RollbackPolicy[] policies) : IRollbackPolicies
    {
        public List<string> AskedFor { get; } = [];

        public Task<RollbackPolicy?> FindAsync(string t, string application, CancellationToken ct) =>
            Task.FromResult(t == tenant ? policies.FirstOrDefault(p => p.Application == application) : null);

        public Task<IReadOnlyList<RollbackPolicy>> ListAsync(string t, CancellationToken ct)
        {
            AskedFor.Add(t);
            return Task.FromResult<IReadOnlyList<RollbackPolicy>>(t == tenant ? policies : []);
        }
    }

    private static RollbackPolicy Policy(string application, string pipelineApplication, string pipeline, bool enabled = true) =>
        new(application, enabled, RollbackModes.Confirm, [RollbackTriggers.CanaryFail],
            new RollbackPipelineReference(pipelineApplication, pipeline, new Dictionary<string, string>()), 30);

    private static readonly System.Text.RegularExpressions.Regex DefaultNames = new RecognitionOptions().PipelineNames();

    private readonly Scenarios.RollbackPipelineByName _scenario = new();

    private Contracts.Executions.V1.PipelineCompleted Ended(string application, string name, string configId) =>
        Executions.PipelineEnded(_scenario.Execution() with { Application = application, PipelineName = name, PipelineConfigId = configId }, _scenario.Redeploy());

    [Test]
    public async Task Should_recognize_the_pipeline_by_its_name_in_its_application_and_report_the_policys_application()
    {
        var policies = new ListedPolicies(Tenant, Policy("ledger", "ledger-ops", "Restore ledger"));
        var rules = await RecognitionRules.LoadAsync(DefaultNames, policies, Tenant, CancellationToken.None);

        var rollback = Recognizing.One(Ended("ledger-ops", "Restore ledger", "cfg-1"), rules);

        Assert.Multiple(() =>
        {
            Assert.That((rollback.Kind, rollback.Application), Is.EqualTo(("rollbackPipeline", "ledger")));
            Assert.That(policies.AskedFor, Is.EqualTo(new[] { Tenant }));
        });
    }

    [Test]
    public async Task Should_recognize_the_pipeline_by_its_config_id()
    {
        var rules = await RecognitionRules.LoadAsync(DefaultNames,
            new ListedPolicies(Tenant, Policy("ledger", "ledger", "7f3c2a10-0000-4000-8000-00000000abcd")), Tenant, CancellationToken.None);

        Assert.That(Recognizing.Of(Ended("ledger", "Restore ledger", "7F3C2A10-0000-4000-8000-00000000ABCD"), rules), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_count_a_disabled_policys_pipeline_too()
    {
        var rules = await RecognitionRules.LoadAsync(DefaultNames, new ListedPolicies(Tenant, Policy("ledger", "ledger", "Restore ledger", enabled: false)),
            Tenant, CancellationToken.None);

        Assert.That(Recognizing.Of(Ended("ledger", "Restore ledger", "cfg-1"), rules), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_not_take_a_pipeline_of_that_name_in_another_application_or_tenant()
    {
        var policies = new ListedPolicies(Tenant, Policy("ledger", "ledger", "Restore ledger"));
        var rules = await RecognitionRules.LoadAsync(DefaultNames, policies, Tenant, CancellationToken.None);
        var otherTenant = await RecognitionRules.LoadAsync(DefaultNames, policies, "globex", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Recognizing.Of(Ended("billing", "Restore ledger", "cfg-1"), rules), Is.Empty);
            Assert.That(Recognizing.Of(Ended("ledger", "Restore ledger", "cfg-1"), otherTenant), Is.Empty);
        });
    }

    [Test]
    public async Task Should_go_by_names_alone_without_a_policy_store()
    {
        var rules = await RecognitionRules.LoadAsync(DefaultNames, null, Tenant, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Recognizing.Of(Ended("ledger", "Restore ledger", "cfg-1"), rules), Is.Empty);
            Assert.That(Recognizing.Of(Ended("ledger", "Rollback ledger", "cfg-1"), rules), Has.Count.EqualTo(1));
        });
    }
}
