using System.Text.Json;
using FluentValidation;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Spinnaker.Mesh.Dora.Consumers;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using Spinnaker.Mesh.Dora.Store;

namespace Spinnaker.Mesh.Dora.Configuration;

/// <summary>
/// <c>GET /api/dora/settings</c> (the tenant's effective settings) and <c>PUT /api/dora/settings</c> (a full document:
/// members left out take dora.md's defaults, not the previous values). A PUT is validated (400 naming each field as
/// the body spells it, e.g. <c>accountEnvironments.prod-use1</c>), stored, and then every application of the tenant is
/// classified again before the answer: when the PUT returns, the figures reflect it. Repeating a PUT that failed half
/// way recomputes again.
/// </summary>
internal static class SettingsEndpoints
{
    public static async Task<Ok<DoraSettings>> GetAsync(HttpContext http, IDocumentStore store, TenantSettings tenantSettings, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.GetMeshTenant());
        return TypedResults.Ok(await tenantSettings.LoadAsync(session, ct));
    }

    public static async Task<Results<Ok<DoraSettings>, ValidationProblem>> PutAsync(
        HttpContext http, IDocumentStore store, IValidator<DoraSettings> validator, DoraRecorder recorder, IPublishEndpoint publisher,
        TimeProvider clock, CancellationToken ct)
    {
        DoraSettings? settings;
        try
        {
            settings = await JsonSerializer.DeserializeAsync<DoraSettings>(http.Request.Body, TenantSettings.Json, ct);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return MeshProblems.InvalidField(field, $"The settings document cannot be read at {e.Path ?? "$"}: {e.Message}");
        }
        if (settings is null) return MeshProblems.InvalidField("body", "A settings document (a JSON object) is required.");
        var result = await validator.ValidateAsync(settings, ct);
        if (!result.IsValid)
            return MeshProblems.Invalid(result.Errors.GroupBy(e => e.PropertyName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()), "Invalid DORA settings");

        var tenant = http.GetMeshTenant();
        await using (var session = store.LightweightSession(tenant))
        {
            TenantSettings.Store(session, settings, clock.GetUtcNow());
            await session.SaveChangesAsync(ct);
        }
        var applications = await recorder.ApplicationsAsync(tenant, settings, ct);
        var published = await recorder.ReclassifyAsync(tenant, applications, ct);
        await DoraPublishing.PublishAsync(publisher, published, ct);
        http.Response.Headers["X-Mesh-Dora-Reclassified"] = applications.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(settings);
    }
}
