using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

[TestFixture, NonParallelizable]
public sealed class When_executions_are_listed
{
    private const string Tenant = "tree-list";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static readonly PipelineRun ShopDeploy = Run("01HZT4L1ST00000000000000001", "shop", "Deploy", 0, "SUCCEEDED");
    private static readonly PipelineRun ShopDeployFailed = Run("01HZT4L1ST00000000000000002", "shop", "Deploy", 1, "TERMINAL");
    private static readonly PipelineRun ShopBake = Run("01HZT4L1ST00000000000000003", "shop", "Bake", 2, "SUCCEEDED");
    private static readonly PipelineRun CartDeploy = Run("01HZT4L1ST00000000000000004", "cart", "Deploy", 3, "SUCCEEDED");

    private static PipelineRun Run(string id, string application, string pipeline, int hour, string status) =>
        new PipelineRun(Tenant, id, application, pipeline, PipelineRun.T0 + hour * Hour, status)
            .Stage("1", "deployManifest", at: 0, seconds: 42, status: status);

    [OneTimeSetUp]
    public async Task Publish()
    {
        var runs = new[] { ShopDeploy, ShopDeployFailed, ShopBake, CartDeploy };
        await ServiceUnderTest.Service.PublishAsync(runs.SelectMany(r => r.Events()));
        foreach (var run in runs) await ServiceUnderTest.Service.CompletedTreeAsync(run);
    }

    [Test]
    public async Task Should_list_the_newest_first()
    {
        Assert.That(await IdsAsync("api/executions"), Is.EqualTo(new[]
        {
            CartDeploy.ExecutionId, ShopBake.ExecutionId, ShopDeployFailed.ExecutionId, ShopDeploy.ExecutionId,
        }));
    }

    [Test]
    public async Task Should_filter_by_application_pipeline_and_status()
    {
        Assert.That(await IdsAsync("api/executions?application=shop"),
            Is.EqualTo(new[] { ShopBake.ExecutionId, ShopDeployFailed.ExecutionId, ShopDeploy.ExecutionId }));
        Assert.That(await IdsAsync("api/executions?application=shop&pipeline=Deploy"),
            Is.EqualTo(new[] { ShopDeployFailed.ExecutionId, ShopDeploy.ExecutionId }));
        Assert.That(await IdsAsync("api/executions?status=terminal"), Is.EqualTo(new[] { ShopDeployFailed.ExecutionId }));
        Assert.That(await IdsAsync("api/executions?application=nobody"), Is.Empty);
    }

    [Test]
    public async Task Should_answer_at_most_limit_executions()
    {
        Assert.That(await IdsAsync("api/executions?limit=2"), Is.EqualTo(new[] { CartDeploy.ExecutionId, ShopBake.ExecutionId }));
    }

    [Test]
    public async Task Should_summarize_each_execution()
    {
        var list = await ServiceUnderTest.Service.GetJsonAsync("api/executions?application=cart", Tenant);
        var summary = list.GetProperty("executions").EnumerateArray().Single();

        Assert.Multiple(() =>
        {
            Assert.That(summary.GetProperty("id").GetString(), Is.EqualTo(CartDeploy.ExecutionId));
            Assert.That(summary.GetProperty("application").GetString(), Is.EqualTo("cart"));
            Assert.That(summary.GetProperty("pipelineName").GetString(), Is.EqualTo("Deploy"));
            Assert.That(summary.GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
            Assert.That(summary.GetProperty("startTime").GetString(), Is.EqualTo("2024-05-14T18:00:00.000Z"));
            Assert.That(summary.GetProperty("endTime").GetString(), Is.EqualTo("2024-05-14T18:00:43.000Z"));
            Assert.That(summary.GetProperty("durationMs").GetInt64(), Is.EqualTo(43_000));
            Assert.That(summary.GetProperty("triggerType").GetString(), Is.EqualTo("manual"));
            Assert.That(summary.GetProperty("template").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Should_see_only_the_tenants_own_executions()
    {
        var list = await ServiceUnderTest.Service.GetJsonAsync("api/executions", "tree-list-someone-else");
        Assert.That(list.GetProperty("executions").GetArrayLength(), Is.Zero);
        using var response = await ServiceUnderTest.Service.GetAsync($"api/executions/{CartDeploy.ExecutionId}", "tree-list-someone-else");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("api/executions?limit=0")]
    [TestCase("api/executions?limit=501")]
    [TestCase("api/executions?limit=-3")]
    [TestCase("api/executions?limit=lots")]
    [TestCase("api/regressions?limit=0")]
    [TestCase("api/regressions?limit=501")]
    [TestCase("api/regressions?limit=ten")]
    public async Task Should_answer_400_problem_json_for_a_limit_outside_1_to_500(string path)
    {
        using var response = await ServiceUnderTest.Service.GetAsync(path, Tenant);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Should_accept_the_largest_limit()
    {
        Assert.That(await IdsAsync("api/executions?limit=500"), Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Should_answer_404_problem_json_for_an_unknown_execution()
    {
        using var response = await ServiceUnderTest.Service.GetAsync("api/executions/01HZZZZZZZZZZZZZZZZZZZZZZZ", Tenant);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(404));
    }

    private static async Task<IReadOnlyList<string?>> IdsAsync(string path)
    {
        var list = await ServiceUnderTest.Service.GetJsonAsync(path, Tenant);
        return list.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
    }
}
