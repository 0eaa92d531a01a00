using Marten;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Tests.Execution.Support;

/// <summary>
/// An approved rollback decision as the proposing side records it: RollbackProposed then RollbackApproved in the
/// decision's stream, under their own ids. Appended straight into the service's store, so the executor has something
/// to carry out without the proposing code.
/// </summary>
internal sealed record DecisionSeed(string Tenant, string DecisionId)
{
    public const string Application = "checkout";
    public const string RollbackApplication = "checkout-ops";
    public const string DefaultPipeline = "Rollback checkout";
    public const string Reason = "canary score 41 (Fail) for checkout in prod-us";
    public static readonly DateTimeOffset ProposedAt = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The rollback pipeline's name: specs sharing one stub Gate give each decision a pipeline of its own.</summary>
    public string RollbackPipeline { get; init; } = DefaultPipeline;

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>
    {
        ["cluster"] = "checkout-main",
        ["account"] = "prod-us",
        ["toVersion"] = "v041",
    };

    private readonly Guid _proposedId = Guid.NewGuid();
    private readonly Guid _approvedId = Guid.NewGuid();

    public RollbackProposed Proposed => new(
        _proposedId, DecisionId, Tenant, Application, "canaryFail", "judgment-" + DecisionId, Reason,
        new RollbackTarget("01HXDEPLOY" + DecisionId, "checkout-main", "prod-us", "us-east-1", null, "v042", "v041"),
        "auto", RollbackApplication, RollbackPipeline, Parameters, ProposedAt);

    public RollbackApproved Approved => new(_approvedId, DecisionId, Tenant, Application, "policy", null, ProposedAt.AddSeconds(1));

    public string StreamKey => DecisionStreams.StreamKey(DecisionId);

    /// <summary>Appends the proposal and its approval (and <paramref name="more"/> steps after them) as a new stream.</summary>
    public async Task AppendAsync(IDocumentStore store, params object[] more)
    {
        await using var session = store.LightweightSession(Tenant);
        session.AppendAtVersion(StreamKey, 0, [Proposed, Approved, .. more]);
        await session.SaveChangesAsync();
    }

    /// <summary>Appends steps after what the stream holds.</summary>
    public async Task AppendMoreAsync(IDocumentStore store, params object[] steps)
    {
        await using var session = store.LightweightSession(Tenant);
        session.Events.Append(StreamKey, steps);
        await session.SaveChangesAsync();
    }
}

/// <summary>The rollback service's Marten store, configured as the service configures it (the kit's conventions, then the module).</summary>
internal static class RollbackStore
{
    public static DocumentStore Create(Npgsql.NpgsqlDataSource database) => DocumentStore.For(options =>
    {
        options.Connection(database);
        Microsoft.Extensions.Hosting.MeshEventStore.ConfigureConventions(options, RollbackModule.Schema);
        RollbackModule.ConfigureStore(options);
    });

    public static async Task<RollbackDecision?> DecisionAsync(this IDocumentStore store, string tenant, string decisionId)
    {
        await using var session = store.QuerySession(tenant);
        return await session.LoadAsync<RollbackDecision>(DecisionStreams.StreamKey(decisionId));
    }

    /// <summary>The decision's stream, step by step (the events' data), oldest first.</summary>
    public static async Task<IReadOnlyList<object>> StepsAsync(this IDocumentStore store, string tenant, string decisionId)
    {
        await using var session = store.QuerySession(tenant);
        return [.. (await session.Events.FetchStreamAsync(DecisionStreams.StreamKey(decisionId))).Select(e => e.Data)];
    }

    /// <summary>The stored events' ids of the decision's stream, oldest first.</summary>
    public static async Task<IReadOnlyList<Guid>> StepIdsAsync(this IDocumentStore store, string tenant, string decisionId)
    {
        await using var session = store.QuerySession(tenant);
        return [.. (await session.Events.FetchStreamAsync(DecisionStreams.StreamKey(decisionId))).Select(e => e.Id)];
    }
}
