using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spinnaker.Mesh.CanaryScore.Impact;
using Spinnaker.Mesh.CanaryScore.Impact.Sources;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

/// <summary>
/// The metric sources as the service registers them (settings, named HTTP clients, <see cref="PrometheusSources"/>),
/// in the test's process, from settings such as <c>Mesh:Impact:Sources:prometheus:Url</c>. Every log line, down to
/// Trace (where HTTP client logging writes headers), is kept for specs about what must never be logged.
/// </summary>
internal sealed class MetricSourcesHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private MetricSourcesHost(ServiceProvider services, LogLines logs)
    {
        _services = services;
        Logs = logs;
    }

    public LogLines Logs { get; }
    public PrometheusSources Sources => _services.GetRequiredService<PrometheusSources>();
    public IMetricSources MetricSources => _services.GetRequiredService<IMetricSources>();

    /// <summary>One source, <paramref name="name"/>, at <paramref name="url"/>, with more settings (relative to it) as given.</summary>
    public static MetricSourcesHost ForSource(string name, string url, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { [$"Mesh:Impact:Sources:{name}:Url"] = url };
        foreach (var (key, value) in settings) all[$"Mesh:Impact:Sources:{name}:{key}"] = value;
        return Create(all);
    }

    public static MetricSourcesHost Create(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Over the service's appsettings.json (copied beside the tests), which logs from Information up.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Logging:LogLevel:Default"] = "Trace" });
        var logs = new LogLines();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.AddMetricSources();
        var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new MetricSourcesHost(services, logs);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>A logger provider that keeps each message with its category.</summary>
    internal sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];
        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}
