using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Impact.Sources;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// <c>GET /api/impact-policies</c> (the tenant's policies in effect), <c>GET|PUT|DELETE /api/impact-policies/{application}</c>.
/// A PUT is a whole policy: checked by <see cref="ImpactPolicyRules"/> (400 naming each member), then each SLI query
/// by the source (400 naming <c>slis[i].query</c> with Prometheus' error), then stored: 201 for a new policy, 200 for a
/// replaced one. A source that cannot be reached answers 503 and nothing is stored. A DELETE removes the stored
/// policy; a configured one for the application then applies again.
/// </summary>
internal static class ImpactPolicyEndpoints
{
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    public static async Task<Ok<ImpactPolicyList>> ListAsync(HttpContext http, ImpactPolicies policies, IMetricSources sources, CancellationToken ct) =>
        TypedResults.Ok(new ImpactPolicyList([.. (await policies.ListAsync(http.GetMeshTenant(), ct)).Select(e => ImpactPolicyView.Of(e, sources))]));

    public static async Task<Results<Ok<ImpactPolicyView>, ProblemHttpResult>> GetAsync(
        string application, HttpContext http, ImpactPolicies policies, IMetricSources sources, CancellationToken ct) =>
        await policies.FindEntryAsync(http.GetMeshTenant(), application, ct) is { } entry
            ? TypedResults.Ok(ImpactPolicyView.Of(entry, sources))
            : NoPolicy(application);

    public static async Task<Results<Ok<ImpactPolicyView>, Created<ImpactPolicyView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string application, HttpContext http, IValidator<ImpactPolicyDocument> validator, IOptions<MetricSourcesOptions> sourceOptions,
        PolicyQueryCheck queries, ImpactPolicies policies, IMetricSources sources, CancellationToken ct)
    {
        if (!ImpactPolicyRules.IsApplicationName(application))
            return MeshProblems.InvalidField("application", "an application name is letters, digits, '.', '_' or '-' (at most 255)");
        ImpactPolicyDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<ImpactPolicyDocument>(http.Request.Body, BodyJson, ct);
        }
        catch (JsonException e)
        {
            return Unreadable(e);
        }
        if (document is null) return MeshProblems.InvalidField("body", "An impact policy (a JSON object) is required.");

        var result = await validator.ValidateAsync(document, ct);
        if (!result.IsValid)
            return MeshProblems.Invalid(result.Errors.GroupBy(e => e.PropertyName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()), "Invalid impact policy");

        var policy = document.ToPolicy(application);
        // The source as configured spells it, so that the stored policy names it exactly.
        if (policy.Source is not null) policy = policy with { Source = sourceOptions.Value.Find(policy.Source)!.Value.Name };
        try
        {
            var refusals = await queries.RefusalsAsync(policy, ct);
            if (refusals.Count > 0) return MeshProblems.Invalid(refusals, "Impact policy query refused by the metric source");
        }
        catch (MetricSourceException e) when (e.Failure == MetricSourceFailure.Unavailable)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Metric source unavailable",
                detail: $"The policy was not stored: its queries could not be checked. {e.Message}",
                extensions: new Dictionary<string, object?> { ["source"] = queries.SourceName(policy) });
        }

        var (entry, created) = await policies.StoreAsync(http.GetMeshTenant(), policy, ct);
        var view = ImpactPolicyView.Of(entry, sources);
        return created
            ? TypedResults.Created($"/api/impact-policies/{Uri.EscapeDataString(application)}", view)
            : TypedResults.Ok(view);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string application, HttpContext http, ImpactPolicies policies, CancellationToken ct)
    {
        if (await policies.DeleteAsync(http.GetMeshTenant(), application, ct)) return TypedResults.NoContent();
        if (policies.IsConfigured(application))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Configured impact policy",
                detail: $"'{application}' has no stored policy to delete; the one in effect comes from configuration " +
                        $"({ConfiguredImpactPolicies.Section}:Policies:{application}) and changes with it.");
        return NoPolicy(application);
    }

    private static ProblemHttpResult NoPolicy(string application) => MeshProblems.NotFound("Impact policy not found",
        $"No impact policy for '{application}': none stored for this tenant, none configured ({ConfiguredImpactPolicies.Section}:Policies:{application}).");

    /// <summary>The member the body could not be read at, as the body spells it (<c>settle</c>, <c>slis[0].critical</c>).</summary>
    private static ValidationProblem Unreadable(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
        var member = field[(field.LastIndexOf('.') + 1)..];
        var message = member switch
        {
            "settle" or "window" or "step" => "must be a duration hh:mm:ss, e.g. 00:05:00",
            "critical" => "must be true or false",
            "allowedChangePercent" => "must be a number, e.g. 10",
            "productionAccounts" or "productionNamespaces" => "must be an array of strings",
            "slis" => "must be an array of SLI objects",
            _ when field == "body" => $"the body is not a JSON policy object: {e.Message}",
            _ => $"cannot be read: {e.Message}",
        };
        return MeshProblems.InvalidField(field, message);
    }
}
