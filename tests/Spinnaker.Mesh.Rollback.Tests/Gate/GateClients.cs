using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Tests.Gate;

/// <summary>
/// The rollback service's Gate client with the service's own registrations (<see cref="GateModule.AddGate"/>), built
/// from <c>Mesh:Gate:*</c> settings, every log line down to Trace captured in <see cref="Logs"/>.
/// </summary>
internal sealed class GateClients : IAsyncDisposable
{
    private readonly WebApplication _host;

    private GateClients(WebApplication host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }
    public IGateClient Client => _host.Services.GetRequiredService<IGateClient>();
    public GateOptions Options => _host.Services.GetRequiredService<IOptions<GateOptions>>().Value;

    /// <param name="settings">Keys as configuration spells them, e.g. <c>Mesh:Gate:Auth:Mode</c>.</param>
    public static GateClients Build(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.AddGate();
        return new GateClients(builder.Build(), logs);
    }

    public static GateClients Build(params (string Key, string? Value)[] settings) =>
        Build(settings.ToDictionary(s => s.Key, s => s.Value));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    public static GatePipelineTrigger Trigger(string decisionId = "dec-1", IReadOnlyDictionary<string, string>? parameters = null) =>
        new("checkout", "Rollback checkout", decisionId, "canary 42 failed on checkout-prod",
            parameters ?? new Dictionary<string, string> { ["cluster"] = "checkout-prod", ["targetVersion"] = "v041" });
}

/// <summary>Every log line of a host, formatted as a console logger would write it, exceptions included.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
    }
}
