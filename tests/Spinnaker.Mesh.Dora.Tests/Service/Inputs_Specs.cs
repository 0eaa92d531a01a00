using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using static Spinnaker.Mesh.Dora.Tests.Service.Pipelines;

namespace Spinnaker.Mesh.Dora.Tests.Service;

/// <summary>Settings, pushes, incidents and bad queries, each in a tenant of its own on one running service.</summary>
[TestFixture]
public sealed class When_the_dora_service_takes_settings_pushes_and_incidents
{
    private const string Window = "from=2026-03-02T00:00:00Z&to=2026-03-23T00:00:00Z";
    private DoraServiceFixture _service = null!;

    [OneTimeSetUp]
    public async Task Start() => _service = await DoraServiceFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _service.DisposeAsync();

    private static int Deployments(JsonElement dora) => dora.GetProperty("deploymentFrequency").GetProperty("deployments").GetInt32();

    [Test]
    public async Task Should_classify_again_when_a_settings_put_maps_an_account_to_production()
    {
        const string tenant = "remap";
        await _service.PublishAsync([Deployment(tenant, "search", "S1", "a1b2c3d", At(2, 10), account: "prod-euw1")]);
        var before = await _service.UntilAsync($"api/dora?application=search&{Window}", tenant,
            d => d.GetProperty("diagnostics").GetProperty("unmappedAccounts").GetArrayLength() == 1, "the unmapped account");

        await _service.PutSettingsAsync(tenant, new
        {
            accountEnvironments = new Dictionary<string, string> { ["prod-euw1"] = "production" },
        });
        // No polling: the PUT answers once every application of the tenant was classified again.
        var after = await _service.GetJsonAsync($"api/dora?application=search&{Window}", tenant);
        var settings = await _service.GetJsonAsync("api/dora/settings", tenant);
        Assert.Multiple(() =>
        {
            Assert.That(Deployments(before), Is.Zero);
            Assert.That(before.GetProperty("diagnostics").GetProperty("unmappedAccounts")[0].GetProperty("account").GetString(), Is.EqualTo("prod-euw1"));
            Assert.That(Deployments(after), Is.EqualTo(1));
            Assert.That(after.GetProperty("diagnostics").GetProperty("unmappedAccounts").GetArrayLength(), Is.Zero);
            Assert.That(settings.GetProperty("accountEnvironments").GetProperty("prod-euw1").GetString(), Is.EqualTo("production"));
            Assert.That(settings.GetProperty("incidentAttributionWindowHours").GetDouble(), Is.EqualTo(24.0), "members left out take the defaults");
        });
    }

    [Test]
    public async Task Should_answer_with_the_configured_defaults_until_a_tenant_stores_its_own()
    {
        var settings = await _service.GetJsonAsync("api/dora/settings", "untouched");
        Assert.That(settings.GetProperty("accountEnvironments").GetProperty("prod-use1").GetString(), Is.EqualTo("production"));
    }

    [Test]
    public async Task Should_refuse_invalid_settings_naming_the_field()
    {
        using var response = await _service.SendAsync(HttpMethod.Put, "api/dora/settings", "invalid", new
        {
            accountEnvironments = new Dictionary<string, string> { ["prod-use1"] = "" },
            repositories = new Dictionary<string, string[]> { ["shop/cart"] = [] },
            incidentAttributionWindowHours = 0,
        });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var unreadable = await _service.SendAsync(HttpMethod.Put, "api/dora/settings", "invalid", "{\"teams\": 3}");
        var stored = await _service.GetJsonAsync("api/dora/settings", "invalid");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name),
                Is.EquivalentTo(new[] { "accountEnvironments.prod-use1", "repositories.shop/cart", "incidentAttributionWindowHours" }));
            Assert.That(unreadable.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(stored.GetProperty("incidentAttributionWindowHours").GetDouble(), Is.EqualTo(24.0), "nothing was stored");
        });
    }

    [Test]
    public async Task Should_read_commits_from_github_and_gitlab_pushes_of_mapped_repositories()
    {
        const string tenant = "pushes";
        await _service.PutSettingsAsync(tenant, new
        {
            accountEnvironments = new Dictionary<string, string> { ["prod-use1"] = "production" },
            repositories = new Dictionary<string, string[]> { ["Shop/Cart"] = ["cart"], ["group/sub/basket"] = ["basket"] },
            baselines = new Dictionary<string, object>
            {
                ["cart"] = new { sha = "aaa0000", deployedAt = (string?)null },
                ["basket"] = new { sha = "bbb0000", deployedAt = (string?)null },
            },
        });
        // The baseline arrives with the branch's first push (before = 0000…: its parent is unknown), the change with the next.
        await _service.PostCommitsAsync(tenant, "github", new JsonObject
        {
            ["ref"] = "refs/heads/main", ["before"] = "0000000000000000000000000000000000000000", ["after"] = "aaa0000",
            ["repository"] = new JsonObject { ["full_name"] = "shop/cart" },
            ["commits"] = new JsonArray(new JsonObject { ["id"] = "aaa0000", ["timestamp"] = "2026-02-20T09:00:00Z" }),
        });
        await _service.PostCommitsAsync(tenant, "github", new JsonObject
        {
            ["ref"] = "refs/heads/main", ["before"] = "aaa0000", ["after"] = "aaa0002", ["forced"] = false,
            ["repository"] = new JsonObject { ["full_name"] = "shop/cart" },
            ["commits"] = new JsonArray(
                new JsonObject { ["id"] = "aaa0001", ["timestamp"] = "2026-03-03T09:00:00+01:00" },
                new JsonObject { ["id"] = "aaa0002", ["timestamp"] = "2026-03-03T09:30:00Z" }),
        });
        await _service.PostCommitsAsync(tenant, "gitlab", new JsonObject
        {
            ["object_kind"] = "push", ["before"] = "0000000000000000000000000000000000000000", ["after"] = "bbb0001",
            ["project"] = new JsonObject { ["path_with_namespace"] = "group/sub/basket" },
            // Newest first, as some GitLab versions list them: turned around by `after`.
            ["commits"] = new JsonArray(
                new JsonObject { ["id"] = "bbb0001", ["timestamp"] = "2026-03-04T10:00:00Z" },
                new JsonObject { ["id"] = "bbb0000", ["timestamp"] = "2026-02-20T09:00:00Z" }),
        });
        await _service.PublishAsync([
            Deployment(tenant, "cart", "C1", "aaa0002", At(1, 10)),
            Pipeline(tenant, "basket", "B1", Manual("GIT_COMMIT", "bbb0001"), Stage("B1-deploy", "deployManifest", "prod-use1", At(2, 12))),
        ]);

        var cart = await _service.UntilAsync($"api/dora/deployments?application=cart&{Window}", tenant,
            d => d.GetProperty("deployments").EnumerateArray().Any(r => r.GetProperty("changeSet").GetArrayLength() == 2), "cart's change set");
        var basket = await _service.UntilAsync($"api/dora/deployments?application=basket&{Window}", tenant,
            d => d.GetProperty("deployments").EnumerateArray().Any(r => r.GetProperty("changeSet").GetArrayLength() == 1), "basket's change set");
        string Changes(JsonElement d) => string.Join(' ', d.GetProperty("deployments")[0].GetProperty("changeSet").EnumerateArray()
            .Select(c => $"{c.GetProperty("sha").GetString()}:{c.GetProperty("leadTimeSeconds").GetDouble()}").Order(StringComparer.Ordinal));
        Assert.Multiple(() =>
        {
            // 10:00Z − 08:00Z (09:00+01:00) and 10:00Z − 09:30Z; the parent of the first pushed commit is `before`.
            Assert.That(Changes(cart), Is.EqualTo("aaa0001:7200 aaa0002:1800"));
            // The sha a trigger parameter names (GIT_COMMIT) is the deployed one: Wednesday 12:00Z − 10:00Z.
            Assert.That(Changes(basket), Is.EqualTo("bbb0001:7200"));
            Assert.That(basket.GetProperty("deployments")[0].GetProperty("deployedSha").GetString(), Is.EqualTo("bbb0001"));
        });
    }

    [Test]
    public async Task Should_upsert_an_incident_so_that_a_later_report_resolves_it()
    {
        const string tenant = "incidents";
        await _service.PublishAsync([Deployment(tenant, "ledger", "L1", "cafe001", At(3, 10))]);
        await _service.UntilAsync($"api/dora/deployments?application=ledger&{Window}", tenant,
            d => d.GetProperty("deployments").GetArrayLength() == 1, "the deployment");
        await _service.PostIncidentAsync(tenant, Incident("INC-7", "ledger", At(3, 11), null, linkedExecutionId: "L1"), At(3, 11));
        var open = await _service.UntilAsync($"api/dora?application=ledger&{Window}", tenant,
            d => d.GetProperty("failedDeploymentRecoveryTime").GetProperty("open").GetInt32() == 1, "the open failure");

        await _service.PostIncidentAsync(tenant, Incident("INC-7", "ledger", At(3, 11), At(3, 16), linkedExecutionId: "L1"), At(3, 16));
        var resolved = await _service.UntilAsync($"api/dora?application=ledger&{Window}", tenant,
            d => d.GetProperty("failedDeploymentRecoveryTime").GetProperty("recovered").GetInt32() == 1, "the recovery");
        Assert.Multiple(() =>
        {
            Assert.That(open.GetProperty("changeFailureRate").GetProperty("failedDeployments").GetInt32(), Is.EqualTo(1));
            Assert.That(open.GetProperty("diagnostics").GetProperty("openFailures")[0].GetProperty("executionId").GetString(), Is.EqualTo("L1"));
            Assert.That((resolved.GetProperty("failedDeploymentRecoveryTime").GetProperty("open").GetInt32(),
                resolved.GetProperty("failedDeploymentRecoveryTime").GetProperty("medianSeconds").GetDouble()), Is.EqualTo((0, 6 * 3600.0)));
            Assert.That(resolved.GetProperty("changeFailureRate").GetProperty("failedDeployments").GetInt32(), Is.EqualTo(1), "one incident, one failure");
        });
    }

    [TestCase("api/dora?from=2026-03-02T00:00:00Z", "application")]
    [TestCase("api/dora?application=x&from=yesterday", "from")]
    [TestCase("api/dora?application=x&to=2026-13-45T00:00:00Z", "to")]
    [TestCase("api/dora?application=x&from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z", "to")]
    [TestCase("api/dora/deployments?environment=production", "application")]
    [TestCase("api/dora/teams?from=2026-03-02T00:00:00Z", "team")]
    public async Task Should_refuse_a_bad_query_naming_the_parameter(string path, string field)
    {
        using var response = await _service.SendAsync(HttpMethod.Get, path, "queries");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }));
        });
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_team()
    {
        using var response = await _service.SendAsync(HttpMethod.Get, "api/dora/teams?team=nobody", "queries");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
    }
}
