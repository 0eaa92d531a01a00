using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// One rollback as the API lists it: an inline Marten snapshot folded from its stream (<see cref="RollbackStreams"/>),
/// committed with the events that changed it. The fold does not depend on the order snapshots arrive in:
/// <list type="bullet">
/// <item>an observation leads when it is at least as far along as the one that leads so far (final beats not final,
/// then the later Orca time); a leading observation's values replace the stored ones, a trailing one only fills what
/// is still unknown;</item>
/// <item>the first final status ends the rollback: status and end no longer change (what was published stays true).</item>
/// </list>
/// </summary>
internal sealed class RollbackView
{
    /// <summary>The stream key (<see cref="RollbackStreams.StreamKey"/>).</summary>
    public string Id { get; set; } = "";
    public string RollbackId { get; set; } = "";
    public string Application { get; set; } = "";
    public string ExecutionId { get; set; } = "";
    public string? PipelineName { get; set; }
    public string Kind { get; set; } = "";
    public string? StageId { get; set; }
    public string? Cluster { get; set; }
    public string? ClusterKey { get; set; }
    public string? Account { get; set; }
    public string? Region { get; set; }
    public string? Namespace { get; set; }
    public bool Automatic { get; set; }
    public string? TriggeredBy { get; set; }
    public string? Reason { get; set; }
    public string? FromVersion { get; set; }
    public string? ToVersion { get; set; }
    public string Status { get; set; } = "";
    public bool Final { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? DecisionId { get; set; }
    /// <summary>What lists sort and filter on: the start, else the end, else when it was first seen.</summary>
    public DateTimeOffset ListedAt { get; set; }
    /// <summary>The Orca time of the observation that leads.</summary>
    public DateTimeOffset LeadAt { get; set; }
    /// <summary>What was published when it ended (with the anomalies known then).</summary>
    public RollbackObserved? Observed { get; set; }

    public void Apply(RollbackRecognized e)
    {
        var first = RollbackId.Length == 0;
        var leads = first || (e.Final, e.ObservedAt).CompareTo((Final, LeadAt)) >= 0;
        T? Pick<T>(T? now, T? seen) => leads ? seen ?? now : now ?? seen;

        RollbackId = e.RollbackId;
        ExecutionId = e.ExecutionId;
        StageId = e.StageId;
        if (leads)
        {
            Application = e.Application;
            Kind = e.Kind;
            Automatic = e.Automatic;
            LeadAt = e.ObservedAt;
        }
        PipelineName = Pick(PipelineName, e.PipelineName);
        Cluster = Pick(Cluster, e.Cluster);
        ClusterKey = Anomalies.ClusterKey.Of(Cluster);
        Account = Pick(Account, e.Account);
        Region = Pick(Region, e.Region);
        Namespace = Pick(Namespace, e.Namespace);
        TriggeredBy = Pick(TriggeredBy, e.TriggeredBy);
        Reason = Pick(Reason, e.Reason);
        FromVersion = Pick(FromVersion, e.FromVersion);
        ToVersion = Pick(ToVersion, e.ToVersion);
        DecisionId = Pick(DecisionId, e.DecisionId);
        StartedAt = Pick(StartedAt, e.StartedAt);
        if (!Final)
        {
            if (leads) Status = e.Status;
            Final = e.Final;
            EndedAt = e.Final ? e.EndedAt : null;
        }
        ListedAt = StartedAt ?? EndedAt ?? (first ? e.ObservedAt : ListedAt);
    }

    public void Apply(RollbackObserved e) => Observed = e;

    public RollbackView Copy() => (RollbackView)MemberwiseClone();

    /// <summary>Whether folding <paramref name="e"/> would change what the rollback says (which observation leads aside).</summary>
    public bool ChangedBy(RollbackRecognized e)
    {
        var after = Copy();
        after.Apply(e);
        return RollbackId.Length == 0 || !Same(after);
    }

    private bool Same(RollbackView o) =>
        (Application, PipelineName, Kind, Cluster, Account, Region, Namespace, Automatic, TriggeredBy, Reason, FromVersion, ToVersion)
            == (o.Application, o.PipelineName, o.Kind, o.Cluster, o.Account, o.Region, o.Namespace, o.Automatic, o.TriggeredBy, o.Reason, o.FromVersion, o.ToVersion)
        && (Status, Final, StartedAt, EndedAt, DecisionId, ListedAt) == (o.Status, o.Final, o.StartedAt, o.EndedAt, o.DecisionId, o.ListedAt);

    /// <summary>The window whose anomalies are listed with it: its application and cluster, up to its start.</summary>
    public AnomalyWindow Window() => new(Application, ClusterKey, StartedAt ?? EndedAt ?? ListedAt);

    public RollbackObserved ToObserved(Guid eventId, string tenant, IReadOnlyList<PrecedingAnomaly> anomalies) => new(
        eventId, RollbackId, tenant, Application, ExecutionId, PipelineName, Kind, Cluster, Account, Region, Namespace, Automatic,
        TriggeredBy, Reason, FromVersion, ToVersion, Status, StartedAt, EndedAt, DecisionId, anomalies);
}
