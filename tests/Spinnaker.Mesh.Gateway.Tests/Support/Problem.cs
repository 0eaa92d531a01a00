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
}
