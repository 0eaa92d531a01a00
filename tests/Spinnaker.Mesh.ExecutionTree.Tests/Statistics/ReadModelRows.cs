namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// An <c>execution_tree.executions</c> row as a spec writes it: tenant "acme", application "shop", pipeline "deploy"
/// and type PIPELINE unless said otherwise. Durations in seconds, to keep hand computations short.
/// </summary>
public sealed record ExecutionRow(string Id, string Status, DateTimeOffset? Start, double? Seconds)
{
    public string Tenant { get; init; } = StatisticsSpec.Tenant;
    public string Application { get; init; } = "shop";
    public string? Pipeline { get; init; } = "deploy";
    public string Type { get; init; } = "PIPELINE";
    public string? TemplateId { get; init; }
    public string? TemplateVersion { get; init; }

    /// <summary>A stage of this execution starting <paramref name="offsetSeconds"/> after it.</summary>
    public StageRow Stage(string stageId, string status, double? seconds, double offsetSeconds = 0) =>
        new(Id, stageId, status, Start, seconds)
        {
            Tenant = Tenant,
            Application = Application,
            Pipeline = Pipeline,
            Start = Start?.AddSeconds(offsetSeconds),
        };
}

/// <summary>An <c>execution_tree.stages</c> row; <see cref="Start"/> defaults to the execution's start.</summary>
public sealed record StageRow(string ExecutionId, string StageId, string Status, DateTimeOffset? ExecutionStart, double? Seconds)
{
    public string Tenant { get; init; } = StatisticsSpec.Tenant;
    public string Application { get; init; } = "shop";
    public string? Pipeline { get; init; } = "deploy";
    public DateTimeOffset? Start { get; init; } = ExecutionStart;
    public string? RefId { get; init; }
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? ParentStageId { get; init; }
    public string? CloudProvider { get; init; }
    public string? Account { get; init; }
    public string[] Regions { get; init; } = [];
    public string? Cluster { get; init; }
    public string[] Errors { get; init; } = [];
    public string? GateKind { get; init; }
    public string? JudgmentStatus { get; init; }
    public string? JudgedBy { get; init; }
}

/// <summary>An <c>execution_tree.regressions</c> row for tenant "acme", application "shop", pipeline "deploy".</summary>
public sealed record RegressionRow(Guid Id, DateTimeOffset DetectedAt)
{
    public string Tenant { get; init; } = StatisticsSpec.Tenant;
    public string Application { get; init; } = "shop";
    public string Pipeline { get; init; } = "deploy";
    public string? StageRefId { get; init; }
    public string? StageName { get; init; }
    public string DetectedBy { get; init; } = "e1";
    public double BaselineMedianMs { get; init; } = 60_000;
    public double RecentMedianMs { get; init; } = 90_000;
    public double Ratio { get; init; } = 1.5;
    public double PValue { get; init; } = 0.01;
}
