using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>
/// One execution-tree process for every API spec (starting one takes seconds): each fixture keeps to a tenant of its
/// own, which the service keeps apart as it would two customers.
/// </summary>
[SetUpFixture]
public sealed class ServiceUnderTest
{
    internal static ExecutionTreeService Service { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start() => Service = await ExecutionTreeService.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Service is not null) await Service.DisposeAsync();
    }
}
