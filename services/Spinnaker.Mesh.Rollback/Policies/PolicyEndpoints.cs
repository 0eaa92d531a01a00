using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// <c>/api/rollback-policies</c>: the tenant's policies in force, each saying whether it is the tenant's own
/// (<c>stored</c>) or the configured fallback (<c>configured</c>). A PUT stores a full document (members left out
/// take their defaults, not the previous values); a DELETE removes the tenant's own, after which a configured policy
/// for the application applies again. A configured policy cannot be deleted through the API (409): it is removed
/// from the configuration, or hidden by storing one (<c>"enabled": false</c>).
/// </summary>
internal static class PolicyEndpoints
{
    /// <summary>Strict reading: a misspelt member is an error, not a silently applied default.</summary>
    private static readonly JsonSerializerOptions Body = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static void Map(WebApplication app)
    {
        var policies = app.MapGroup("/api/rollback-policies");
        policies.MapGet("", ListAsync);
        policies.MapGet("/{application}", GetAsync);
        policies.MapPut("/{application}", PutAsync);
        policies.MapDelete("/{application}", DeleteAsync);
    }

    public static async Task<Ok<PolicyList>> ListAsync(HttpContext http, RollbackPolicies policies, CancellationToken ct) =>
        TypedResults.Ok(new PolicyList([.. (await policies.ResolveAllAsync(http.GetMeshTenant(), ct)).Select(PolicyView.Of)]));

    public static async Task<Results<Ok<PolicyView>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string application, HttpContext http, RollbackPolicies policies, CancellationToken ct)
    {
        if (!RollbackPolicyApplication.IsValid(application)) return MeshProblems.InvalidField("application", RollbackPolicyApplication.Rule);
        var resolved = await policies.ResolveAsync(http.GetMeshTenant(), application, ct);
        return resolved is null ? NoPolicy(application) : TypedResults.Ok(PolicyView.Of(resolved));
    }

    public static async Task<Results<Ok<PolicyView>, ValidationProblem>> PutAsync(
        string application, HttpContext http, IDocumentStore store, IValidator<RollbackPolicyDocument> validator, RollbackPolicies policies,
        TimeProvider clock, CancellationToken ct)
    {
        if (!RollbackPolicyApplication.IsValid(application)) return MeshProblems.InvalidField("application", RollbackPolicyApplication.Rule);
        RollbackPolicyDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<RollbackPolicyDocument>(http.Request.Body, Body, ct);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return MeshProblems.InvalidField(field, $"The policy cannot be read at {e.Path ?? "$"}: {e.Message}");
        }
        if (document is null) return MeshProblems.InvalidField("body", "A policy (a JSON object) is required.");
        var result = await validator.ValidateAsync(document, ct);
        if (!result.IsValid)
            return MeshProblems.Invalid(result.Errors.GroupBy(e => e.PropertyName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()), "Invalid rollback policy");

        var policy = document.ToPolicy(application);
        var tenant = http.GetMeshTenant();
        await using (var session = store.LightweightSession(tenant))
        {
            session.Store(StoredRollbackPolicy.Of(policy, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(PolicyView.Of((await policies.ResolveAsync(tenant, application, ct))!));
    }

    public static async Task<Results<Ok<PolicyDeleted>, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string application, HttpContext http, IDocumentStore store, RollbackPolicies policies, CancellationToken ct)
    {
        if (!RollbackPolicyApplication.IsValid(application)) return MeshProblems.InvalidField("application", RollbackPolicyApplication.Rule);
        var tenant = http.GetMeshTenant();
        var key = RollbackPolicyApplication.Normalize(application);
        var resolved = await policies.ResolveAsync(tenant, key, ct);
        if (resolved is null) return NoPolicy(application);
        if (resolved.Source == PolicySources.Configured)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A configured policy cannot be deleted",
                detail: $"The rollback policy of {key} comes from the configuration (Mesh:Rollback:Policies:{key}) and applies to every " +
                        "tenant without a stored one: remove it there, or PUT a policy with \"enabled\": false to turn it off for this tenant.");

        await using (var session = store.LightweightSession(tenant))
        {
            session.Delete<StoredRollbackPolicy>(key);
            await session.SaveChangesAsync(ct);
        }
        var now = await policies.ResolveAsync(tenant, key, ct);
        return TypedResults.Ok(new PolicyDeleted(key, PolicySources.Stored, now is null ? null : PolicyView.Of(now)));
    }

    private static ProblemHttpResult NoPolicy(string application) =>
        MeshProblems.NotFound("No rollback policy",
            $"{RollbackPolicyApplication.Normalize(application)} has neither a stored nor a configured rollback policy.");
}

internal sealed record PolicyList(IReadOnlyList<PolicyView> Policies);

/// <summary>A policy as the API shows it, with where it came from.</summary>
/// <param name="Source"><c>stored</c> (the tenant's own) or <c>configured</c> (<c>Mesh:Rollback:Policies</c>).</param>
/// <param name="UpdatedAt">When the stored policy was last put; null for a configured one.</param>
/// <param name="OverridesConfigured">True for a stored policy that hides a configured one of the same application.</param>
internal sealed record PolicyView(
    string Application, bool Enabled, string Mode, IReadOnlyList<string> Triggers, PipelineView RollbackPipeline, int CooldownMinutes,
    string Source, DateTimeOffset? UpdatedAt, bool OverridesConfigured)
{
    public static PolicyView Of(ResolvedPolicy resolved)
    {
        var p = resolved.Policy;
        return new PolicyView(p.Application, p.Enabled, p.Mode, p.Triggers,
            new PipelineView(p.RollbackPipeline.Application, p.RollbackPipeline.PipelineNameOrId, p.RollbackPipeline.Parameters),
            p.CooldownMinutes, resolved.Source, resolved.UpdatedAt, resolved.OverridesConfigured);
    }
}

internal sealed record PipelineView(string Application, string PipelineNameOrId, IReadOnlyDictionary<string, string> Parameters);

/// <summary>What a DELETE removed, and the policy in force afterwards (the configured one, if any).</summary>
internal sealed record PolicyDeleted(string Application, string Deleted, PolicyView? NowInForce);
