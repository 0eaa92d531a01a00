using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Configuration;

/// <summary>
/// A tenant's own settings, as its last <c>PUT /api/dora/settings</c> stored them: one Marten document per tenant
/// (conjoined tenancy). The settings travel as JSON text written with <see cref="Json"/>, so account, application and
/// team names keep their case whatever the store's naming policy does to property names.
/// </summary>
internal sealed class StoredDoraSettings
{
    public const string DocumentId = "dora-settings";

    public string Id { get; set; } = DocumentId;
    public string Json { get; set; } = "{}";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The effective settings of a tenant: its stored document, else the configured defaults.</summary>
internal sealed class TenantSettings(IOptions<DoraDefaults> defaults)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly DoraSettings _defaults = defaults.Value.ToSettings();

    public DoraSettings Defaults => _defaults;

    public async Task<DoraSettings> LoadAsync(IQuerySession session, CancellationToken ct)
    {
        var stored = await session.LoadAsync<StoredDoraSettings>(StoredDoraSettings.DocumentId, ct);
        return stored is null ? _defaults : JsonSerializer.Deserialize<DoraSettings>(stored.Json, Json) ?? _defaults;
    }

    public static void Store(IDocumentSession session, DoraSettings settings, DateTimeOffset now) =>
        session.Store(new StoredDoraSettings { Json = JsonSerializer.Serialize(settings, Json), UpdatedAt = now });
}
