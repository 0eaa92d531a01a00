using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Spinnaker.Mesh.ServiceDefaults.Tests;

/// <summary>A minimal service on the shared defaults, on the in-memory test server: what a new Mesh service starts from.</summary>
internal static class KitApp
{
    public static WebApplicationBuilder CreateBuilder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(["--environment=Testing", "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => $"--{s.Key}={s.Value}")]);
        builder.WebHost.UseTestServer();
        builder.AddMeshServiceDefaults("KitSpecs");
        return builder;
    }

    public static async Task<(WebApplication App, HttpClient Client)> StartAsync(Action<WebApplication> map)
    {
        var app = CreateBuilder().Build();
        app.UseMeshProblemDetails();
        app.MapMeshDefaultEndpoints();
        map(app);
        await app.StartAsync();
        return (app, app.GetTestClient());
    }
}

/// <summary>A request body with a validator, as a service would declare one.</summary>
public sealed record Subscription(string? Name, int Retries, Destination? Target);

public sealed record Destination(string? Url);

internal sealed class SubscriptionValidator : AbstractValidator<Subscription>
{
    public SubscriptionValidator()
    {
        RuleFor(s => s.Name).NotEmpty();
        RuleFor(s => s.Retries).InclusiveBetween(0, 5);
        RuleFor(s => s.Target!.Url).NotEmpty().When(s => s.Target is not null);
    }
}

/// <summary>Options with both kinds of rule: a DataAnnotations attribute and a FluentValidation validator.</summary>
public sealed class BatchingOptions
{
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    public TimeSpan Wait { get; set; } = TimeSpan.FromMilliseconds(50);
}

internal sealed class BatchingOptionsValidator : AbstractValidator<BatchingOptions>
{
    public BatchingOptionsValidator() => RuleFor(o => o.Wait).GreaterThan(TimeSpan.Zero);
}
