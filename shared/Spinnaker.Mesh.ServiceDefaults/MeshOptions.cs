using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Options bound from a configuration section and validated when the host starts, so a bad setting stops the
/// process with a message naming the key instead of failing on the first request.
/// </summary>
public static class MeshOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> (e.g. <c>Mesh:Broker</c>) and checks it at
    /// start with its DataAnnotations attributes and every FluentValidation validator of it (found by the defaults'
    /// assembly scan, or by scanning <typeparamref name="TOptions"/>'s own assembly here).
    /// </summary>
    public static OptionsBuilder<TOptions> AddMeshOptions<TOptions>(this WebApplicationBuilder builder, string section)
        where TOptions : class
    {
        builder.Services.AddValidatorsFromAssemblyContaining<TOptions>(includeInternalTypes: true);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(sp => new ValidatorOptionsCheck<TOptions>(section, sp));
        return builder.Services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    /// <summary>Runs the FluentValidation validators of the options; failures read <c>Section:Property: message</c>.</summary>
    private sealed class ValidatorOptionsCheck<TOptions>(string section, IServiceProvider services) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            // Validators are registered scoped; options are checked once, at start, outside any request.
            using var scope = services.CreateScope();
            var failures = scope.ServiceProvider.GetServices<IValidator<TOptions>>()
                .SelectMany(v => v.Validate(options).Errors)
                .Select(e => $"{section}:{ConfigurationKey(e.PropertyName)}: {e.ErrorMessage}")
                .Distinct()
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        /// <summary><c>Tokens[2].Token</c> as the configuration spells it: <c>Tokens:2:Token</c>.</summary>
        private static string ConfigurationKey(string propertyPath) =>
            propertyPath.Replace("].", ":").Replace('[', ':').Replace('.', ':').TrimEnd(']');
    }
}
