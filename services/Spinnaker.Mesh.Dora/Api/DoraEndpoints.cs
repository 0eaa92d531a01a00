using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Figures;
using Spinnaker.Mesh.Dora.Configuration;

namespace Spinnaker.Mesh.Dora.Api;

/// <summary>
/// <c>GET /api/dora</c>, <c>/api/dora/deployments</c> and <c>/api/dora/teams</c>: the window's rows of the
/// classified read model through the domain's calculator. Times ISO-8601 UTC, durations in seconds.
/// </summary>
internal static class DoraEndpoints
{
    /// <summary><c>GET /api/dora/deployments</c>: the window and its rows.</summary>
    internal sealed record DeploymentsResponse(
        string Application, string? Environment, DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, IReadOnlyList<DeploymentRow> Deployments);

    public static async Task<Results<Ok<DoraSummary>, ValidationProblem>> SummaryAsync(
        HttpContext http, ReadModelReader reader, TimeProvider clock,
        string? application, string? environment, string? from, string? to, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(application)) return DoraWindow.Required("application");
        if (!DoraWindow.TryRead(from, to, environment, clock.GetUtcNow(), out var query, out var problem)) return problem!;
        var window = await reader.WindowAsync(http.GetMeshTenant(), application, query, ct);
        return TypedResults.Ok(DoraCalculator.Summary(window, query));
    }

    public static async Task<Results<Ok<DeploymentsResponse>, ValidationProblem>> DeploymentsAsync(
        HttpContext http, ReadModelReader reader, TimeProvider clock,
        string? application, string? environment, string? from, string? to, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(application)) return DoraWindow.Required("application");
        if (!DoraWindow.TryRead(from, to, environment, clock.GetUtcNow(), out var query, out var problem)) return problem!;
        var window = await reader.WindowAsync(http.GetMeshTenant(), application, query, ct);
        return TypedResults.Ok(new DeploymentsResponse(application, query.Environment, query.From, query.To, query.AsOf,
            DoraCalculator.Deployments(window, query)));
    }

    public static async Task<Results<Ok<TeamSummary>, ValidationProblem, ProblemHttpResult>> TeamAsync(
        HttpContext http, ReadModelReader reader, IDocumentStore store, TenantSettings tenantSettings, TimeProvider clock,
        string? team, string? from, string? to, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(team)) return DoraWindow.Required("team");
        if (!DoraWindow.TryRead(from, to, null, clock.GetUtcNow(), out var query, out var problem)) return problem!;
        var tenant = http.GetMeshTenant();
        await using var session = store.QuerySession(tenant);
        var settings = await tenantSettings.LoadAsync(session, ct);
        if (!settings.Teams.TryGetValue(team, out var applications))
            return MeshProblems.NotFound("Unknown team", $"The DORA settings of tenant '{tenant}' name no team '{team}' (teams: {string.Join(", ", settings.Teams.Keys.Order(StringComparer.Ordinal))}).");
        var windows = new List<ApplicationClassification>();
        foreach (var application in applications.Distinct(StringComparer.Ordinal))
            windows.Add(await reader.WindowAsync(tenant, application, query, ct));
        return TypedResults.Ok(DoraCalculator.Team(team, windows, query));
    }
}
