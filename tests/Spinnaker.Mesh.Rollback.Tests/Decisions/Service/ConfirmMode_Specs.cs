using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// checkout (confirm policy) ran 1.9.0 from a succeeded pipeline; a new pipeline deployed 1.9.1 to
/// <c>deployment checkout-api</c> and its canary failed while the pipeline still ran. Then an operator approves.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_canary_fails_on_an_application_with_a_confirm_policy
{
    private const string Tenant = "decisions-confirm";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);
    private static readonly string DecisionId = DecisionIds.Decision(Tenant, "canaryFail", "judgment-1");

    private JsonElement _proposal;
    private RollbackProposed _proposed = null!;

    [OneTimeSetUp]
    public async Task FailTheCanary()
    {
        var good = Deploys.Manifest("E1-deploy", "registry.example.com/checkout-api:1.9.0", Now.AddHours(-3), Now.AddHours(-3).AddMinutes(4));
        var bad = Deploys.Manifest("E2-deploy", "registry.example.com/checkout-api:1.9.1", Now.AddMinutes(-30), Now.AddMinutes(-26));
        await PublishAsync(
            Deploys.Completed(Tenant, "checkout", "E1", "SUCCEEDED", good),
            Deploys.StageEnded(Tenant, "checkout", "E2", bad));
        await RecordedAsync(Tenant, "E1");
        await RecordedAsync(Tenant, "E2");
        await PublishAsync(Deploys.CanaryFailed(Tenant, "checkout", "judgment-1", "checkout-api", "E2", Now.AddMinutes(-5)));
        _proposed = await PublishedAsync<RollbackProposed>(p => p.DecisionId == DecisionId, "the proposal");
        _proposal = await DecisionAsync(Tenant, DecisionId);
    }

    [Test]
    public void Should_propose_rolling_the_manifest_back_to_the_last_good_version()
    {
        Assert.That(_proposed.Target, Is.EqualTo(new RollbackTarget("E2", "deployment checkout-api", "prod-use1", null, "checkout", "1.9.1", "1.9.0")));
        Assert.That((_proposed.Tenant, _proposed.Application, _proposed.Trigger, _proposed.SignalId, _proposed.Mode),
            Is.EqualTo((Tenant, "checkout", "canaryFail", "judgment-1", "confirm")));
        Assert.That((_proposed.RollbackApplication, _proposed.RollbackPipeline), Is.EqualTo(("checkout", CheckoutPipeline)));
        Assert.That(_proposed.Reason, Does.Contain("canary judgment-1 scored 41 (Fail) for checkout-api"));
    }

    [Test]
    public void Should_fill_the_policys_parameters_from_the_deployment() =>
        Assert.That(_proposed.Parameters, Is.EqualTo(new Dictionary<string, string>
        {
            ["manifest"] = "deployment checkout-api",
            ["account"] = "prod-use1",
            ["namespace"] = "checkout",
            ["image"] = "registry.example.com/checkout-api:1.9.0",
            ["failedExecution"] = "E2",
        }));

    [Test]
    public async Task Should_wait_for_an_operator()
    {
        Assert.That(_proposal.GetProperty("status").GetString(), Is.EqualTo("proposed"));
        Assert.That(_proposal.GetProperty("id").GetString(), Is.EqualTo(DecisionId));
        Assert.That(await StoredStepsAsync(Tenant, DecisionId), Is.EqualTo(1), "proposed, nothing more");
        await IdleAsync();
        Assert.That(Subject.Messages.Of<RollbackApproved>().Where(a => a.DecisionId == DecisionId), Is.Empty);
    }

    [Test]
    public void Should_publish_the_proposal_with_its_event_id() =>
        Assert.That(_proposed.EventId, Is.EqualTo(DecisionIds.Step(Tenant, DecisionId, "proposed")));

    [Test]
    public async Task Should_list_the_proposal()
    {
        var list = await Subject.GetJsonAsync("api/rollbacks/proposals?status=proposed&application=checkout", Tenant);
        Assert.That(list.GetProperty("proposals").EnumerateArray().Select(p => p.GetProperty("id").GetString()), Is.EqualTo(new[] { DecisionId }));
        var other = await Subject.GetJsonAsync("api/rollbacks/proposals?application=payments", Tenant);
        Assert.That(other.GetProperty("proposals").GetArrayLength(), Is.Zero);
    }
}

/// <summary>An operator approves the proposal of a failed canary, then both operators try to act again.</summary>
[TestFixture, NonParallelizable]
public sealed class When_an_operator_approves_a_proposal
{
    private const string Tenant = "decisions-approve";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);
    private static readonly string DecisionId = DecisionIds.Decision(Tenant, "canaryFail", "judgment-7");

    private HttpResponseMessage _approval = null!;
    private JsonElement _approved;

    [OneTimeSetUp]
    public async Task Approve()
    {
        await PublishAsync(
            Deploys.Completed(Tenant, "checkout", "E1", "SUCCEEDED",
                Deploys.Manifest("E1-deploy", "registry.example.com/checkout-api:2.0.0", Now.AddHours(-5), Now.AddHours(-5).AddMinutes(3))),
            Deploys.StageEnded(Tenant, "checkout", "E2",
                Deploys.Manifest("E2-deploy", "registry.example.com/checkout-api:2.1.0", Now.AddMinutes(-20), Now.AddMinutes(-17))));
        await RecordedAsync(Tenant, "E1");
        await RecordedAsync(Tenant, "E2");
        await PublishAsync(Deploys.CanaryFailed(Tenant, "checkout", "judgment-7", "checkout-api", "E2", Now.AddMinutes(-2)));
        await DecisionAsync(Tenant, DecisionId);
        _approval = await ActAsync(Tenant, DecisionId, "approve", "alice@example.com", new { comment = "error rate doubled" });
        _approved = await JsonOf(_approval);
    }

    [Test]
    public void Should_record_who_approved_and_why()
    {
        Assert.That(_approval.StatusCode, Is.EqualTo(HttpStatusCode.OK), _approved.ToString());
        Assert.That(_approved.GetProperty("status").GetString(), Is.EqualTo("approved"));
        Assert.That(_approved.GetProperty("approvedBy").GetString(), Is.EqualTo("alice@example.com"));
        Assert.That(_approved.GetProperty("comment").GetString(), Is.EqualTo("error rate doubled"));
        Assert.That(_approved.GetProperty("version").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Should_publish_the_approval_for_the_execution_of_rollbacks()
    {
        var approved = await PublishedAsync<RollbackApproved>(a => a.DecisionId == DecisionId, "the approval");
        Assert.That((approved.By, approved.Comment, approved.Tenant, approved.Application),
            Is.EqualTo(("alice@example.com", (string?)"error rate doubled", Tenant, "checkout")));
        Assert.That(approved.EventId, Is.EqualTo(DecisionIds.Step(Tenant, DecisionId, "approved")));
    }

    [Test]
    public async Task Should_refuse_a_second_approval_and_a_late_rejection_with_409()
    {
        using var again = await ActAsync(Tenant, DecisionId, "approve", "bob@example.com");
        using var reject = await ActAsync(Tenant, DecisionId, "reject", "bob@example.com", new { comment = "too late" });
        foreach (var response in new[] { again, reject })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await JsonOf(response)).GetProperty("detail").GetString(), Does.Contain("not proposed"));
        }
        Assert.That(await StoredStepsAsync(Tenant, DecisionId), Is.EqualTo(2), "proposed and approved only");
        Assert.That((await DecisionAsync(Tenant, DecisionId)).GetProperty("approvedBy").GetString(), Is.EqualTo("alice@example.com"));
    }

    [Test]
    public async Task Should_let_only_one_of_two_operators_acting_at_once_win()
    {
        // Another workload of the application, with a history of its own: its cluster is not in cooldown.
        await PublishAsync(
            Deploys.Completed(Tenant, "checkout", "W1", "SUCCEEDED",
                Deploys.Manifest("W1-deploy", "registry.example.com/checkout-worker:1.0.0", Now.AddHours(-4), Now.AddHours(-4).AddMinutes(2), workload: "checkout-worker")),
            Deploys.StageEnded(Tenant, "checkout", "W2",
                Deploys.Manifest("W2-deploy", "registry.example.com/checkout-worker:1.1.0", Now.AddMinutes(-15), Now.AddMinutes(-13), workload: "checkout-worker")));
        await RecordedAsync(Tenant, "W1");
        await RecordedAsync(Tenant, "W2");
        await PublishAsync(Deploys.CanaryFailed(Tenant, "checkout", "judgment-8", "checkout-worker", "W2", Now.AddMinutes(-1)));
        var decisionId = DecisionIds.Decision(Tenant, "canaryFail", "judgment-8");
        await DecisionAsync(Tenant, decisionId, d => d.GetProperty("status").GetString() == "proposed");

        var racing = await Task.WhenAll(
            ActAsync(Tenant, decisionId, "approve", "alice@example.com"),
            ActAsync(Tenant, decisionId, "reject", "bob@example.com"),
            ActAsync(Tenant, decisionId, "approve", "carol@example.com"));
        Assert.That(racing.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1), string.Join(", ", racing.Select(r => r.StatusCode)));
        Assert.That(racing.Count(r => r.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(2));
        Assert.That(await StoredStepsAsync(Tenant, decisionId), Is.EqualTo(2));
        foreach (var response in racing) response.Dispose();
    }
}
