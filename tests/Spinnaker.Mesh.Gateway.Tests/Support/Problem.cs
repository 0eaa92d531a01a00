using System.Net;
using System.Text.Json;
using NUnit.Framework;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>Every gateway error is RFC 9457 problem+json with a title, a detail and the status repeated.</summary>
internal static class Problem
{
    public static async Task AssertAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        using var problem = JsonDocument.Parse(body);
        Assert.Multiple(() =>
        {
            Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo((int)expected));
            Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.Not.Empty);
            Assert.That(problem.RootElement.GetProperty("detail").GetString(), Is.Not.Empty);
        });
    }

    /// <summary>A 400 that names <paramref name="field"/> in <c>errors</c>, in the <c>field</c> extension and in the detail.</summary>
    public static async Task AssertInvalidFieldAsync(HttpResponseMessage response, string field)
    {
        await AssertAsync(response, HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = problem.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("field").GetString(), Is.EqualTo(field), root.GetRawText());
            Assert.That(root.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }), root.GetRawText());
            Assert.That(root.GetProperty("detail").GetString(), Does.Contain(field));
        });
    }
}
