using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus.Api;

/// <summary>One canary-score process for every Prometheus API spec; each fixture keeps to a tenant of its own.</summary>
[SetUpFixture]
public sealed class PrometheusServiceUnderTest
{
    /// <summary>Small, so that a spec can exceed it with a few dozen series.</summary>
    public const int MaxSeries = 50;

    internal static SeriesServiceFixture Service { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start() => Service = await SeriesServiceFixture.StartAsync(new Dictionary<string, string>
    {
        ["Mesh__CanaryScore__Prometheus__MaxSeries"] = MaxSeries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Service is not null) await Service.DisposeAsync();
    }
}
