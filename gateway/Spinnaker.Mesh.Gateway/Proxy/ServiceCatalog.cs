namespace Spinnaker.Mesh.Gateway.Proxy;

/// <summary>One workload of <c>services.catalog</c>: its name, local port, project folder and the /api prefixes it owns.</summary>
internal sealed record CatalogService(string Name, int Port, string Project, IReadOnlyList<string> RoutePrefixes);

/// <summary>
/// Reads <c>services.catalog</c> (the repository root's list of workloads, copied next to the gateway's assembly):
/// whitespace-separated <c>name port project routes</c> lines, <c>#</c> comments. A malformed catalog stops the gateway
/// at start with the line at fault, rather than leaving a service without routes.
/// </summary>
internal static class ServiceCatalog
{
    public const string FileName = "services.catalog";

    public static IReadOnlyList<CatalogService> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{FileName} not found at {path}: the gateway's build copies it from the repository root.", path);
        return Parse(File.ReadAllLines(path), path);
    }

    public static IReadOnlyList<CatalogService> Parse(IEnumerable<string> lines, string source = FileName)
    {
        var services = new List<CatalogService>();
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#')) continue;
            string Where() => $"{source} line {lineNumber}";
            if (fields.Length != 4)
                throw new FormatException($"{Where()}: expected 'name port project routes', found {fields.Length} fields: {line.Trim()}");
            if (!int.TryParse(fields[1], out var port) || port is < 1 or > 65535)
                throw new FormatException($"{Where()}: port '{fields[1]}' of {fields[0]} is not a TCP port");
            var prefixes = fields[3] == "-" ? [] : fields[3].Split(',');
            foreach (var prefix in prefixes)
                if (!prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains("//", StringComparison.Ordinal))
                    throw new FormatException($"{Where()}: route prefix '{prefix}' of {fields[0]} must start with '/' and not end with one");
            services.Add(new CatalogService(fields[0], port, fields[2], prefixes));
        }
        EnsureUnique(services.Select(s => s.Name), "name", source);
        EnsureUnique(services.Select(s => s.Port.ToString()), "port", source);
        EnsureUnique(services.SelectMany(s => s.RoutePrefixes), "route prefix", source);
        return services;
    }

    private static void EnsureUnique(IEnumerable<string> values, string what, string source)
    {
        var repeated = values.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new FormatException($"{source}: {what} '{repeated.Key}' is listed twice");
    }
}
