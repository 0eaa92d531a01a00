using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Spinnaker.Mesh.ServiceDefaults.Tests;

public sealed class When_a_request_body_is_validated_by_its_validator
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start() => (_app, _client) = await KitApp.StartAsync(app =>
        app.MapPost("/subscriptions", (Subscription subscription) => TypedResults.Ok(subscription)).WithValidation<Subscription>());

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Should_pass_a_valid_body_to_the_handler()
    {
        using var response = await _client.PostAsJsonAsync("/subscriptions", new Subscription("deploys", 2, new Destination("http://x")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Should_answer_400_problem_json_naming_every_failed_field_as_the_body_spells_it()
    {
        using var response = await _client.PostAsync("/subscriptions",
            new StringContent("""{"name":"","retries":9,"target":{"url":""}}""", Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
        Assert.That(fields, Is.EquivalentTo(new[] { "name", "retries", "target.url" }));
    }
}

public sealed class When_options_are_checked_at_start
{
    [Test]
    public async Task Should_start_with_valid_settings()
    {
        var builder = KitApp.CreateBuilder(("Mesh:Batching:BatchSize", "10"), ("Mesh:Batching:Wait", "00:00:01"));
        builder.AddMeshOptions<BatchingOptions>("Mesh:Batching");
        await using var app = builder.Build();

        await app.StartAsync();

        Assert.That(app.Services.GetRequiredService<IOptions<BatchingOptions>>().Value.BatchSize, Is.EqualTo(10));
        await app.StopAsync();
    }

    [Test]
    public async Task Should_refuse_to_start_naming_each_bad_key()
    {
        var builder = KitApp.CreateBuilder(("Mesh:Batching:BatchSize", "0"), ("Mesh:Batching:Wait", "00:00:00"));
        builder.AddMeshOptions<BatchingOptions>("Mesh:Batching");
        await using var app = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        // DataAnnotations names the member; the FluentValidation rule names the full key.
        Assert.That(failure!.Failures, Has.Some.Contains("BatchSize"));
        Assert.That(failure.Failures, Has.Some.StartsWith("Mesh:Batching:Wait: "));
    }
}
