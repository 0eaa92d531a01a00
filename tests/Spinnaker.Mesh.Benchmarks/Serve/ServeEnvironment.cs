using System.Globalization;
using MassTransit;
using Npgsql;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>
/// What a serve run creates and must remove: a database, a virtual host, the service process, a publishing bus.
/// Disposal undoes whatever was created, last first, each step bounded; it runs once even if the normal path and the
/// hard-timeout watchdog both ask.
/// </summary>
internal sealed class ServeEnvironment : IAsyncDisposable
{
    private static readonly MeshService Catalogued = MeshCatalog.Named("execution-tree");
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private int _disposed;

    public TestPostgres Postgres { get; private set; } = null!;
    public TestRabbitMq RabbitMq { get; private set; } = null!;
    public MeshProcess Service { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public IBusControl Bus { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task StartAsync(CancellationToken ct)
    {
        Postgres = await TestPostgres.CreateAsync(ct);
        RabbitMq = await TestRabbitMq.CreateAsync(ct);
        Database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { CommandTimeout = 600 }.ConnectionString);
        // The service first: it migrates the schema and declares its queue and bindings, so the first publish is routed.
        Service = await Catalogued.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = Postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = RabbitMq.ConnectionString,
        });
        Http = new HttpClient { BaseAddress = Service.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(RabbitMq.ConnectionString)));
        await Bus.StartAsync(ct);
    }

    /// <summary>User and system CPU seconds the service process has used so far, from <c>/proc</c> (null where unknown).</summary>
    public double? ServiceCpuSeconds()
    {
        var pid = FindServicePid();
        return pid is null ? null : ProcessCpuSeconds(pid.Value);
    }

    /// <summary>User and system CPU seconds of a process, from <c>/proc/{pid}/stat</c>; null if it is gone or unreadable.</summary>
    public static double? ProcessCpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the whole line.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private int? _servicePid;

    private int? FindServicePid()
    {
        if (_servicePid is { } known && Directory.Exists($"/proc/{known}")) return known;
        if (!Directory.Exists("/proc")) return null;
        var url = $"ASPNETCORE_URLS=http://127.0.0.1:{Service.Port}";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(Path.GetFileName(Catalogued.Project) + ".dll", StringComparison.Ordinal)) continue;
                if (!File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains(url)) continue;
                return _servicePid = pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await StepAsync("the publishing bus", () => Bus?.StopAsync() ?? Task.CompletedTask);
        await StepAsync("the service process", async () =>
        {
            if (Service is not null) await Service.DisposeAsync();
        });
        Http?.Dispose();
        await StepAsync("the data source", async () =>
        {
            if (Database is not null) await Database.DisposeAsync();
        });
        await StepAsync("the database", async () =>
        {
            if (Postgres is not null) await Postgres.DisposeAsync();
        });
        await StepAsync("the virtual host", async () =>
        {
            if (RabbitMq is not null) await RabbitMq.DisposeAsync();
        });
    }

    private static async Task StepAsync(string what, Func<Task> undo)
    {
        try
        {
            await undo().WaitAsync(StepTimeout);
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"cleanup: could not remove {what}: {e.Message}");
        }
    }
}
