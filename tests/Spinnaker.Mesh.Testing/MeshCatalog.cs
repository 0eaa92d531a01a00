namespace Spinnaker.Mesh.Testing;

/// <summary>A workload of the repository's <c>services.catalog</c>.</summary>
/// <param name="Project">Its project folder relative to the repository root, holding <c>&lt;folder name&gt;.csproj</c>.</param>
/// <param name="RoutePrefixes">The /api prefixes the gateway forwards to it ("{id}" stands for one segment).</param>
public sealed record MeshService(string Name, int Port, string Project, IReadOnlyList<string> RoutePrefixes)
{
    public string ProjectFile => Path.Combine(Project, Path.GetFileName(Project) + ".csproj");

    /// <summary>The environment variable that points the gateway at this service (Mesh:Services:&lt;name&gt;:Address).</summary>
    public string AddressVariable => $"Mesh__Services__{Name}__Address";

    /// <summary>
    /// Runs the built service as its own process on a free port, not its catalog port, so a <c>./mesh up</c> on the
    /// same machine is left alone.
    /// </summary>
    public Task<MeshProcess> StartAsync(IDictionary<string, string> environment, TimeSpan? readyTimeout = null) =>
        MeshProcess.StartAsync(Project, environment, readyTimeout);
}

/// <summary>
/// The repository's <c>services.catalog</c>, as <c>./mesh</c> and the gateway read it: whitespace-separated
/// <c>name port project routes</c> lines (routes comma-separated, "-" for none), <c>#</c> comments.
/// </summary>
public static class MeshCatalog
{
    public const string FileName = "services.catalog";
    public const string GatewayName = "gateway";

    private static readonly Lazy<IReadOnlyList<MeshService>> Catalog = new(() => Parse(File.ReadAllLines(FilePath)));

    public static string FilePath => Path.Combine(MeshProcess.RepositoryRoot, FileName);

    /// <summary>Every workload, in the order of the file.</summary>
    public static IReadOnlyList<MeshService> Services => Catalog.Value;

    public static MeshService Gateway => Named(GatewayName);

    /// <summary>Every workload but the gateway, in start order: they run before the gateway that feeds them.</summary>
    public static IReadOnlyList<MeshService> BehindGateway => [.. Services.Where(s => s.Name != GatewayName)];

    public static MeshService Named(string name) =>
        Services.SingleOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"{FileName} lists no '{name}' ({string.Join(", ", Services.Select(s => s.Name))})", nameof(name));

    public static IReadOnlyList<MeshService> Parse(IEnumerable<string> lines) =>
    [
        .. lines
            .Select((line, index) => (Fields: line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), Number: index + 1))
            .Where(l => l.Fields.Length > 0 && !l.Fields[0].StartsWith('#'))
            .Select(l => l.Fields is [var name, var port, var project, var routes] && int.TryParse(port, out var number)
                ? new MeshService(name, number, project, routes == "-" ? [] : routes.Split(','))
                : throw new FormatException($"{FileName} line {l.Number}: expected 'name port project routes': {string.Join(' ', l.Fields)}")),
    ];
}
