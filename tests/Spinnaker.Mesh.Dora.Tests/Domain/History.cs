using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>
/// Three weeks of <c>checkout</c> in production, W10 (Mon 2 March) to W12, baseline c0:
/// <code>
/// d1  Mon d0 10:00  c2  successful  changes c1 (06:00, 4 h = 14400 s), c2 (08:00, 2 h = 7200 s)
/// d2  Tue d1 10:00  c3  successful  change c3 (09:00, 3600 s); INC-1 (unlinked) 12:00–14:00 → S4, recovered 14400 s
/// d3  Tue d1 16:00  c3  noop_redeploy
/// d4  Sun d6 23:59:59  c4  successful  change c4 (20:00, 14399 s)              ← last instant of W10
/// d5  Mon d7 00:00:00  c5  successful  change c5 (Sun 23:00, 3600 s)           ← first instant of W11
/// d6  Tue d8 10:00  c6  failed (TERMINAL after the deploy, S0); recovered by d7: 86400 s
/// d7  Wed d9 10:00  c7  successful  changes c6 (d7 10:00, 48 h = 172800 s), c7 (09:00, 3600 s); rolled back by rb → S2, 3600 s
/// rb  Wed d9 11:00      rollback_remediation (stage), remediates d7
/// W12: nothing.
/// </code>
/// </summary>
internal static class History
{
    public static readonly DoraSettings Settings = Scenario.Settings with
    {
        Baselines = new Dictionary<string, DoraBaseline> { [App] = new("c0", null) },
    };

    public static readonly CommitObservation[] Commits =
    [
        Commit("c0", At(-10)),
        Commit("c1", At(0, 6), "c0"),
        Commit("c2", At(0, 8), "c1"),
        Commit("c3", At(1, 9), "c2"),
        Commit("c4", At(6, 20), "c3"),
        Commit("c5", At(6, 23), "c4"),
        Commit("c6", At(7, 10), "c5"),
        Commit("c7", At(9, 9), "c6"),
    ];

    public static readonly ExecutionObservation[] Executions =
    [
        Deployment("d1", "c2", At(0, 10)),
        Deployment("d2", "c3", At(1, 10)),
        Deployment("d3", "c3", At(1, 16)),
        Deployment("d4", "c4", At(7).AddSeconds(-1)),
        Deployment("d5", "c5", At(7)),
        Execution("d6", "TERMINAL", Git("c6"), Deploy(At(8, 10)), Stage("runJob", "prod-use1", "TERMINAL", At(8, 10), At(8, 10, 5), id: "smoke")),
        Deployment("d7", "c7", At(9, 10)),
        Execution("rb", "SUCCEEDED", TriggerObservation.Unknown, RollbackStage(At(9, 11))),
    ];

    public static readonly IncidentObservation[] Incidents = [Incident("INC-1", At(1, 12), At(1, 14))];
}
