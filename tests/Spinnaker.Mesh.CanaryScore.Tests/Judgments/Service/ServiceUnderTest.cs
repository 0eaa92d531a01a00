using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments.Service;

/// <summary>One canary-score process for the judgment specs; each fixture keeps to a tenant of its own.</summary>
[SetUpFixture]
public sealed class ServiceUnderTest
{
    internal static CanaryServiceFixture Service { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start() => Service = await CanaryServiceFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Service is not null) await Service.DisposeAsync();
    }
}
