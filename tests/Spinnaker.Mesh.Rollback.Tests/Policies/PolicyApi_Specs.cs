using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Tests.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Policies;

/// <summary>
/// <c>/api/rollback-policies</c> on the service as its own process, one configured policy (checkout) for every tenant,
/// Gate configured with a bearer token; each spec in a tenant of its own.
/// </summary>
[TestFixture]
public sealed class When_operators_manage_rollback_policies_through_the_api
{
    private const string GateToken = "gate-token-in-env-93ab71";
    private RollbackService _service = null!;

    [OneTimeSetUp]
    public async Task Start() => _service = await RollbackService.StartAsync(new Dictionary<string, string>
    {
        ["Mesh__Rollback__Policies__checkout__mode"] = "confirm",
        ["Mesh__Rollback__Policies__checkout__triggers__0"] = "canaryFail",
        ["Mesh__Rollback__Policies__checkout__triggers__1"] = "deploymentDegraded",
        ["Mesh__Rollback__Policies__checkout__rollbackPipeline__application"] = "checkout",
        ["Mesh__Rollback__Policies__checkout__rollbackPipeline__pipelineNameOrId"] = "Rollback checkout",
        ["Mesh__Rollback__Policies__checkout__rollbackPipeline__parameters__targetCluster"] = "${cluster}",
        ["Mesh__Rollback__Policies__checkout__cooldownMinutes"] = "45",
        ["Mesh__Gate__BaseUrl"] = "http://127.0.0.1:9/",
        ["Mesh__Gate__Auth__Mode"] = "bearer",
        ["Mesh__Gate__Auth__Token"] = GateToken,
        ["Mesh__Gate__RunAsUser"] = "mesh-rollbacks",
        ["Logging__LogLevel__Spinnaker"] = "Trace",
        ["Logging__LogLevel__System.Net.Http"] = "Trace",
    });

    [OneTimeTearDown]
    public async Task Stop() => await _service.DisposeAsync();

    private static object Policy(string mode = "auto", string pipeline = "Rollback search") => new
    {
        enabled = true,
        mode,
        triggers = new[] { "canaryFail", "pipelineFailedAfterDeploy" },
        rollbackPipeline = new
        {
            application = "search",
            pipelineNameOrId = pipeline,
            parameters = new Dictionary<string, string> { ["Target"] = "${cluster}", ["restore"] = "${toVersion}", ["why"] = "failed ${executionId}" },
        },
        cooldownMinutes = 15,
    };

    private async Task<(HttpStatusCode Status, JsonElement Body, string? MediaType)> SendAsync(HttpMethod method, string path, string tenant, object? body = null)
    {
        using var response = await _service.SendAsync(method, path, tenant, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain(GateToken));
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    [Test]
    public async Task Should_store_a_policy_and_answer_it_as_the_tenant_s_own()
    {
        var put = await SendAsync(HttpMethod.Put, "api/rollback-policies/Search", "store", Policy());
        var get = await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "store");

        Assert.Multiple(() =>
        {
            Assert.That(put.Status, Is.EqualTo(HttpStatusCode.OK), put.Body.ToString());
            Assert.That(get.Status, Is.EqualTo(HttpStatusCode.OK));
            var policy = get.Body;
            Assert.That(policy.GetProperty("application").GetString(), Is.EqualTo("search"), "application names ignore case");
            Assert.That(policy.GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(policy.GetProperty("mode").GetString(), Is.EqualTo("auto"));
            Assert.That(policy.GetProperty("triggers").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "canaryFail", "pipelineFailedAfterDeploy" }));
            var pipeline = policy.GetProperty("rollbackPipeline");
            Assert.That(pipeline.GetProperty("application").GetString(), Is.EqualTo("search"));
            Assert.That(pipeline.GetProperty("pipelineNameOrId").GetString(), Is.EqualTo("Rollback search"));
            Assert.That(pipeline.GetProperty("parameters").EnumerateObject().Select(p => (p.Name, p.Value.GetString())), Is.EquivalentTo(new[]
            {
                ("Target", "${cluster}"), ("restore", "${toVersion}"), ("why", "failed ${executionId}"),
            }), "parameter names keep their case");
            Assert.That(policy.GetProperty("cooldownMinutes").GetInt32(), Is.EqualTo(15));
            Assert.That(policy.GetProperty("source").GetString(), Is.EqualTo("stored"));
            Assert.That(policy.GetProperty("updatedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(policy.GetProperty("overridesConfigured").GetBoolean(), Is.False);
            Assert.That(put.Body.ToString(), Is.EqualTo(get.Body.ToString()));
        });
    }

    [Test]
    public async Task Should_replace_a_stored_policy_with_the_next_put()
    {
        await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "replace", Policy("auto"));
        await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "replace", new
        {
            mode = "confirm", triggers = new[] { "durationRegression" },
            rollbackPipeline = new { application = "search", pipelineNameOrId = "cfg-1234" },
        });

        var policy = (await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "replace")).Body;
        Assert.Multiple(() =>
        {
            Assert.That(policy.GetProperty("mode").GetString(), Is.EqualTo("confirm"));
            Assert.That(policy.GetProperty("triggers").GetArrayLength(), Is.EqualTo(1));
            Assert.That(policy.GetProperty("cooldownMinutes").GetInt32(), Is.EqualTo(30), "left out: the default, not the previous value");
            Assert.That(policy.GetProperty("rollbackPipeline").GetProperty("parameters").EnumerateObject(), Is.Empty);
        });
    }

    [Test]
    public async Task Should_refuse_an_invalid_policy_naming_each_field_and_store_nothing()
    {
        var (status, problem, mediaType) = await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "invalid", new
        {
            mode = "always",
            triggers = new[] { "canaryFail", "canaryFailed", "canaryFail" },
            rollbackPipeline = new { application = "search", pipelineNameOrId = "", parameters = new Dictionary<string, string> { ["target"] = "${image}" } },
            cooldownMinutes = 10081,
        });
        var unreadable = await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "invalid", """{"mode":"auto","cooldownMinute":5}""");
        var wrongType = await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "invalid",
            """{"mode":"auto","rollbackPipeline":{"parameters":{"replicas":3}}}""");
        var stored = await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "invalid");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(mediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[]
            {
                "mode", "triggers[1]", "triggers[2]", "rollbackPipeline.pipelineNameOrId", "rollbackPipeline.parameters.target", "cooldownMinutes",
            }));
            Assert.That(problem.GetProperty("errors").GetProperty("triggers[1]")[0].GetString(), Does.Contain("'canaryFailed' is not a trigger"));
            Assert.That(unreadable.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unreadable.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "cooldownMinute" }));
            Assert.That(wrongType.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "rollbackPipeline.parameters.replicas" }));
            Assert.That(stored.Status, Is.EqualTo(HttpStatusCode.NotFound), "nothing was stored");
        });
    }

    [Test]
    public async Task Should_refuse_an_application_name_that_is_none()
    {
        var (status, problem, _) = await SendAsync(HttpMethod.Put, "api/rollback-policies/bad%20name", "names", Policy());
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "application" }));
        });
    }

    [Test]
    public async Task Should_answer_the_configured_policy_to_a_tenant_without_one_of_its_own()
    {
        var one = await SendAsync(HttpMethod.Get, "api/rollback-policies/checkout", "fallback");
        var list = await SendAsync(HttpMethod.Get, "api/rollback-policies", "fallback");

        Assert.Multiple(() =>
        {
            Assert.That(one.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(one.Body.GetProperty("source").GetString(), Is.EqualTo("configured"));
            Assert.That(one.Body.GetProperty("mode").GetString(), Is.EqualTo("confirm"));
            Assert.That(one.Body.GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(one.Body.GetProperty("cooldownMinutes").GetInt32(), Is.EqualTo(45));
            Assert.That(one.Body.GetProperty("updatedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(one.Body.GetProperty("triggers").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "canaryFail", "deploymentDegraded" }));
            Assert.That(one.Body.GetProperty("rollbackPipeline").GetProperty("parameters").GetProperty("targetCluster").GetString(), Is.EqualTo("${cluster}"));
            Assert.That(list.Body.GetProperty("policies").EnumerateArray().Select(p => (p.GetProperty("application").GetString(), p.GetProperty("source").GetString())),
                Is.EqualTo(new[] { ("checkout", "configured") }));
        });
    }

    [Test]
    public async Task Should_let_a_stored_policy_hide_the_configured_one_until_it_is_deleted()
    {
        var put = await SendAsync(HttpMethod.Put, "api/rollback-policies/checkout", "override", new
        {
            enabled = false, mode = "confirm", triggers = new[] { "canaryFail" },
            rollbackPipeline = new { application = "checkout", pipelineNameOrId = "Rollback checkout" },
        });
        var list = await SendAsync(HttpMethod.Get, "api/rollback-policies", "override");
        var deleted = await SendAsync(HttpMethod.Delete, "api/rollback-policies/checkout", "override");
        var after = await SendAsync(HttpMethod.Get, "api/rollback-policies/checkout", "override");
        var again = await SendAsync(HttpMethod.Delete, "api/rollback-policies/checkout", "override");

        Assert.Multiple(() =>
        {
            Assert.That(put.Body.GetProperty("source").GetString(), Is.EqualTo("stored"));
            Assert.That(put.Body.GetProperty("overridesConfigured").GetBoolean(), Is.True);
            Assert.That(list.Body.GetProperty("policies").EnumerateArray().Select(p => (p.GetProperty("source").GetString(), p.GetProperty("enabled").GetBoolean())),
                Is.EqualTo(new[] { ("stored", false) }));
            Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(deleted.Body.GetProperty("deleted").GetString(), Is.EqualTo("stored"));
            Assert.That(deleted.Body.GetProperty("nowInForce").GetProperty("source").GetString(), Is.EqualTo("configured"));
            Assert.That(after.Body.GetProperty("source").GetString(), Is.EqualTo("configured"));
            Assert.That(after.Body.GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(again.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(again.Body.GetProperty("detail").GetString(), Does.Contain("Mesh:Rollback:Policies:checkout"));
        });
    }

    [Test]
    public async Task Should_delete_a_stored_policy_without_a_configured_one_and_then_know_none()
    {
        await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "delete", Policy());
        var deleted = await SendAsync(HttpMethod.Delete, "api/rollback-policies/search", "delete");
        var after = await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "delete");
        var unknown = await SendAsync(HttpMethod.Delete, "api/rollback-policies/search", "delete");

        Assert.Multiple(() =>
        {
            Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(deleted.Body.GetProperty("nowInForce").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(after.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(after.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Should_keep_each_tenant_s_policies_to_itself()
    {
        await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "tenant-a", Policy("auto"));
        await SendAsync(HttpMethod.Put, "api/rollback-policies/search", "tenant-b", Policy("confirm", "Rollback search (b)"));
        var b = await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "tenant-b");
        var c = await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "tenant-c");
        var listC = await SendAsync(HttpMethod.Get, "api/rollback-policies", "tenant-c");
        await SendAsync(HttpMethod.Delete, "api/rollback-policies/search", "tenant-b");
        var a = await SendAsync(HttpMethod.Get, "api/rollback-policies/search", "tenant-a");

        Assert.Multiple(() =>
        {
            Assert.That(b.Body.GetProperty("mode").GetString(), Is.EqualTo("confirm"));
            Assert.That(b.Body.GetProperty("rollbackPipeline").GetProperty("pipelineNameOrId").GetString(), Is.EqualTo("Rollback search (b)"));
            Assert.That(c.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(listC.Body.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("application").GetString()), Is.EqualTo(new[] { "checkout" }));
            Assert.That(a.Status, Is.EqualTo(HttpStatusCode.OK), "tenant-b's delete left tenant-a's policy alone");
            Assert.That(a.Body.GetProperty("mode").GetString(), Is.EqualTo("auto"));
        });
    }

    [Test]
    public void Should_say_where_Gate_is_at_start_without_logging_its_token()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_service.Logs, Does.Contain("Gate at http://127.0.0.1:9/, authentication bearer, acting as mesh-rollbacks"));
            Assert.That(_service.Logs, Does.Contain("plain http"));
            Assert.That(_service.Logs, Does.Not.Contain(GateToken));
        });
    }
}
