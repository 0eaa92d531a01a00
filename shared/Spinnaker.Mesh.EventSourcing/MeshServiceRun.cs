using JasperFx;
using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

/// <summary>How a Mesh service with an event store runs: as the service, or as one of Marten's tools on its store.</summary>
public static class MeshServiceRun
{
    /// <summary>
    /// With a command first (<c>projections rebuild</c>, <c>db-apply</c>, <c>db-assert</c>, <c>describe</c>): runs
    /// Marten's tool against this service's store and returns its exit code. Otherwise serves until shut down.
    /// </summary>
    /// <remarks>
    /// Only a leading word is a command. Arguments that start with <c>-</c> are host settings
    /// (<c>--ConnectionStrings:postgres=...</c>, <c>--environment=...</c>; hosts embedding the service, such as
    /// WebApplicationFactory, pass their whole configuration this way). JasperFx would take them as flags of its
    /// <c>run</c> command, reject the ones it does not know and return without ever starting the host.
    /// </remarks>
    public static async Task<int> RunMeshServiceAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is [var command, ..] && !command.StartsWith('-')) return await app.RunJasperFxCommands(args);
        await app.RunAsync();
        return 0;
    }
}
