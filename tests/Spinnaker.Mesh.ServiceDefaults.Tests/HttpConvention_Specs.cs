using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;

namespace Spinnaker.Mesh.ServiceDefaults.Tests;

public sealed class When_a_list_is_asked_for_a_number_of_rows
{
    private static readonly QueryLimit Limit = new(Default: 50, Max: 500);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start() => (_app, _client) = await KitApp.StartAsync(app =>
        app.MapGet("/things", (string? limit) => Limit.TryRead(limit, out var take)
            ? Results.Ok(new { take })
            : (IResult)Limit.Invalid()));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [TestCase(null, 50)]
    [TestCase("", 50)]
    [TestCase("1", 1)]
    [TestCase("500", 500)]
    public void Should_take_the_default_or_what_was_asked_within_bounds(string? requested, int expected)
    {
        Assert.That(Limit.TryRead(requested, out var take), Is.True);
        Assert.That(take, Is.EqualTo(expected));
    }

    [TestCase("0")]
    [TestCase("501")]
    [TestCase("-3")]
    [TestCase("lots")]
    [TestCase("1e2")]
    public async Task Should_answer_400_problem_json_naming_limit(string requested)
    {
        using var response = await _client.GetAsync($"/things?limit={requested}");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Invalid limit"));
        Assert.That(problem.GetProperty("errors").GetProperty("limit")[0].GetString(), Is.EqualTo("limit must be a number from 1 to 500."));
    }

    [Test]
    public async Task Should_name_the_requests_trace_in_the_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things?limit=0");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using var response = await _client.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(problem.GetProperty("traceId").GetString(), Is.EqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
    }
}

public sealed class When_a_service_answers_json
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start() => (_app, _client) = await KitApp.StartAsync(app =>
        app.MapGet("/run", () => TypedResults.Ok(new Run("r-1", Status.Running,
            new DateTimeOffset(2024, 5, 14, 17, 0, 0, 190, TimeSpan.FromHours(2)), null))));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Should_write_camel_case_names_enum_names_utc_times_and_nulls()
    {
        var json = await _client.GetStringAsync("/run");

        Assert.That(json, Is.EqualTo("""{"executionId":"r-1","status":"Running","startTime":"2024-05-14T15:00:00.190Z","endTime":null}"""));
    }

    [Test]
    public void Should_offer_the_same_convention_outside_a_request()
    {
        var run = new Run("r-1", Status.Running, new DateTimeOffset(2024, 5, 14, 15, 0, 0, 190, TimeSpan.Zero), null);

        Assert.That(JsonSerializer.Serialize(run, MeshJson.Options),
            Is.EqualTo("""{"executionId":"r-1","status":"Running","startTime":"2024-05-14T15:00:00.190Z","endTime":null}"""));
    }

    public enum Status { Running }

    public sealed record Run(string ExecutionId, Status Status, DateTimeOffset StartTime, DateTimeOffset? EndTime);
}
