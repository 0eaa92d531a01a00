using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;

namespace Spinnaker.Mesh.Rollback.Decisions.Api;

/// <summary>
/// The proposals API: <c>GET /api/rollbacks/proposals?status=&amp;application=&amp;limit=</c> (every decision, newest
/// first), <c>GET /api/rollbacks/proposals/{id}</c>, and <c>POST .../{id}/approve</c> and <c>.../{id}/reject</c> with an
/// optional <c>{ "comment": "..." }</c>. Who acted is the <c>X-Mesh-User</c> header, else the body's <c>by</c>.
/// </summary>
internal static class ProposalEndpoints
{
    public const string UserHeader = "X-Mesh-User";
    public static readonly QueryLimit Limit = new(Default: 50, Max: 500);

    /// <summary>Mapped beside <c>/api/rollbacks/{id}</c>: literal segments win in ASP.NET Core routing.</summary>
    public static WebApplication MapProposalEndpoints(this WebApplication app)
    {
        var proposals = app.MapGroup("/api/rollbacks/proposals");
        proposals.MapGet("", ListAsync);
        proposals.MapGet("/{id}", GetAsync);
        proposals.MapPost("/{id}/approve", (string id, HttpContext http, ProposalActions actions, IPublishEndpoint publisher, CancellationToken ct) =>
            ActAsync(id, ProposalActions.Verdict.Approve, http, actions, publisher, ct));
        proposals.MapPost("/{id}/reject", (string id, HttpContext http, ProposalActions actions, IPublishEndpoint publisher, CancellationToken ct) =>
            ActAsync(id, ProposalActions.Verdict.Reject, http, actions, publisher, ct));
        return app;
    }

    public static async Task<Results<Ok<ProposalList>, ValidationProblem>> ListAsync(
        string? status, string? application, string? limit, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = string.IsNullOrWhiteSpace(status) ? null : DecisionStatus.All.FirstOrDefault(s => string.Equals(s, status.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(status) && wanted is null)
            errors["status"] = [$"status must be one of {string.Join(", ", DecisionStatus.All)}."];
        if (!Limit.TryRead(limit, out var take)) errors[QueryLimit.Parameter] = [$"{QueryLimit.Parameter} must be a number from 1 to {Limit.Max}."];
        if (errors.Count > 0) return MeshProblems.Invalid(errors, "Invalid proposals query");

        await using var session = store.QuerySession(http.GetMeshTenant());
        var query = session.Query<RollbackDecision>().AsQueryable();
        if (wanted is not null) query = query.Where(d => d.Status == wanted);
        if (!string.IsNullOrWhiteSpace(application))
        {
            var app = application.Trim();
            query = query.Where(d => d.Application == app);
        }
        var decisions = await query.OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new ProposalList([.. decisions.Select(Proposal.Of)]));
    }

    public static async Task<Results<Ok<Proposal>, ProblemHttpResult>> GetAsync(string id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.GetMeshTenant());
        return await session.LoadAsync<RollbackDecision>(DecisionStreams.StreamKey(id), ct) is { } decision
            ? TypedResults.Ok(Proposal.Of(decision))
            : NotFound(id);
    }

    private static async Task<Results<Ok<Proposal>, ValidationProblem, ProblemHttpResult>> ActAsync(
        string id, ProposalActions.Verdict verdict, HttpContext http, ProposalActions actions, IPublishEndpoint publisher, CancellationToken ct)
    {
        ProposalActionBody? body;
        try
        {
            body = await ReadBodyAsync(http, ct);
        }
        catch (JsonException e)
        {
            return MeshProblems.InvalidField("body", $"The body must be a JSON object such as {{ \"comment\": \"...\" }}: {e.Message}");
        }
        var by = http.Request.Headers[UserHeader].FirstOrDefault() is { Length: > 0 } header && !string.IsNullOrWhiteSpace(header) ? header.Trim()
            : body?.By is { } named && !string.IsNullOrWhiteSpace(named) ? named.Trim() : null;
        if (by is null)
            return MeshProblems.InvalidField("by", $"Who acts is required: the {UserHeader} header, or \"by\" in the body.");

        var outcome = await actions.ActAsync(http.GetMeshTenant(), id, verdict, by, string.IsNullOrWhiteSpace(body?.Comment) ? null : body.Comment.Trim(), ct);
        if (outcome.Refused is { } refused)
            return refused.NotFound
                ? NotFound(id)
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The decision is not a proposal any more", detail: refused.Detail);
        // Committed: publish (MessageId = EventId). The execution of approved decisions consumes RollbackApproved.
        await DecisionPublishing.PublishAsync(publisher, [outcome.Step!], ct);
        return TypedResults.Ok(Proposal.Of(outcome.Decision!));
    }

    /// <summary>The optional body: absent or blank is none; anything else must be a JSON object.</summary>
    private static async Task<ProposalActionBody?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return null;
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("it is not an object");
        return document.RootElement.Deserialize<ProposalActionBody>(MeshJson.Options);
    }

    private static ProblemHttpResult NotFound(string id) =>
        MeshProblems.NotFound("Rollback decision not found", $"No rollback decision '{id}' exists.");
}
