using Marten;

namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// Rebuilds read models from the events through Marten's projection daemon: each projection's tables are emptied,
/// then every stored event is replayed into it in sequence order. The same as
/// <c>dotnet &lt;service&gt;.dll projections rebuild</c>, callable from code and specs.
/// </summary>
public static class ProjectionRebuild
{
    public static async Task RebuildProjectionsAsync(this IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var projection in store.Options.Events.Projections())
            await daemon.RebuildProjectionAsync(projection.Name, TimeSpan.FromMinutes(10), ct);
    }
}
