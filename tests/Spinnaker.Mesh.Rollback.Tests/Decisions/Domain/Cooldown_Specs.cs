using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>An application/cluster cools down after a decision there was approved or triggered.</summary>
[TestFixture]
public sealed class Holding_a_cluster_in_cooldown
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static RollbackDecision Decision(string id, string status, string cluster = "payments-api", DateTimeOffset? approvedAt = null,
        DateTimeOffset? triggeredAt = null, DateTimeOffset? rejectedAt = null, string application = "payments") => new()
    {
        Id = DecisionStreams.StreamKey(id),
        DecisionId = id,
        Application = application,
        Status = status,
        Target = new RollbackTarget("E", cluster, "prod", null, null, "v2", "v1"),
        ApprovedBy = approvedAt is null ? null : "alice",
        RejectedBy = rejectedAt is null ? null : "bob",
        ActedAt = approvedAt ?? rejectedAt,
        TriggeredAt = triggeredAt,
    };

    private static Cooldown.Holder? Find(params RollbackDecision[] decisions) =>
        Cooldown.Find(decisions, "payments", "payments-api", "this", 30, Now);

    [Test]
    public void Should_hold_the_cluster_after_an_approval_within_the_minutes()
    {
        var holder = Find(Decision("d1", DecisionStatus.Approved, approvedAt: Now.AddMinutes(-10)));
        Assert.That(holder, Is.EqualTo(new Cooldown.Holder("d1", "approved", Now.AddMinutes(-10))));
    }

    [Test]
    public void Should_name_the_most_recent_step()
    {
        var holder = Find(
            Decision("d1", DecisionStatus.Triggered, approvedAt: Now.AddMinutes(-20), triggeredAt: Now.AddMinutes(-19)),
            Decision("d2", DecisionStatus.Approved, approvedAt: Now.AddMinutes(-25)));
        Assert.That(holder, Is.EqualTo(new Cooldown.Holder("d1", "triggered", Now.AddMinutes(-19))));
    }

    [Test]
    public void Should_release_the_cluster_once_the_minutes_have_passed() =>
        Assert.That(Find(Decision("d1", DecisionStatus.Succeeded, approvedAt: Now.AddMinutes(-45), triggeredAt: Now.AddMinutes(-31))), Is.Null);

    [Test]
    public void Should_not_count_rejections_proposals_or_other_clusters()
    {
        Assert.That(Find(
            Decision("d1", DecisionStatus.Rejected, rejectedAt: Now.AddMinutes(-5)),
            Decision("d2", DecisionStatus.Proposed),
            Decision("d3", DecisionStatus.Approved, cluster: "payments-worker", approvedAt: Now.AddMinutes(-5)),
            Decision("d4", DecisionStatus.Approved, application: "billing", approvedAt: Now.AddMinutes(-5))), Is.Null);
    }

    [Test]
    public void Should_not_count_the_decision_itself() =>
        Assert.That(Find(Decision("this", DecisionStatus.Approved, approvedAt: Now.AddMinutes(-1))), Is.Null);

    [Test]
    public void Should_never_hold_with_no_cooldown() =>
        Assert.That(Cooldown.Find([Decision("d1", DecisionStatus.Approved, approvedAt: Now.AddMinutes(-1))], "payments", "payments-api", "this", 0, Now), Is.Null);
}
