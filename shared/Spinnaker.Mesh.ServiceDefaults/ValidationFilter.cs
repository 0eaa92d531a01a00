using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Validates a minimal-API argument of type <typeparamref name="T"/> with its FluentValidation validator before the
/// handler runs, and answers 400 problem+json naming every field that failed (camelCase, as the body spells them).
/// </summary>
public sealed class ValidationFilter<T> : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<T>().FirstOrDefault() is { } argument)
        {
            // Per request: validators are scoped (FluentValidation's default) and may depend on scoped services.
            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            if (!result.IsValid)
                return MeshProblems.Invalid(result.Errors
                    .GroupBy(e => CamelCase(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
        }
        return await next(context);
    }

    private static string CamelCase(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

public static class ValidationFilterExtensions
{
    /// <summary>Runs <typeparamref name="T"/>'s registered validator on the endpoint's <typeparamref name="T"/> argument.</summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<RouteHandlerBuilder, ValidationFilter<T>>();
}
