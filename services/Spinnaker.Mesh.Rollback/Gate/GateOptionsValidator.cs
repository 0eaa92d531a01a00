using FluentValidation;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// Checks <c>Mesh:Gate</c> at start; each failure names its key (<c>Mesh:Gate:Auth:Token: …</c>) and never a secret.
/// Nothing is required while <c>Mesh:Gate:BaseUrl</c> is unset: the service then runs without Gate.
/// </summary>
internal sealed class GateOptionsValidator : AbstractValidator<GateOptions>
{
    public GateOptionsValidator()
    {
        When(o => o.IsConfigured, () =>
        {
            RuleFor(o => o.BaseUrl).Must(BeAnApiRoot!)
                .WithMessage("must be an absolute http or https URL without credentials, query or fragment, e.g. https://gate.spinnaker:8085");
            RuleFor(o => o.Auth.Mode).Must(m => GateAuthModes.All.Contains((m ?? GateAuthModes.None).Trim().ToLowerInvariant()))
                .WithMessage($"must be one of {string.Join(", ", GateAuthModes.All)}");

            When(o => o.Mode == GateAuthModes.Bearer, () =>
                RuleFor(o => o.Auth.Token).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required when Mesh:Gate:Auth:Mode is bearer")
                    .Must(t => t!.Trim().All(c => c > ' ' && c != 0x7f)).WithMessage("must be one line without spaces or control characters"));

            When(o => o.Mode == GateAuthModes.Basic, () =>
            {
                RuleFor(o => o.Auth.Username).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required when Mesh:Gate:Auth:Mode is basic")
                    .Must(u => !u!.Contains(':') && !u.Any(char.IsControl)).WithMessage("must not contain ':' or control characters");
                RuleFor(o => o.Auth.Password).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required when Mesh:Gate:Auth:Mode is basic")
                    .Must(p => !p!.Any(char.IsControl)).WithMessage("must not contain control characters (a trailing newline of a mounted file?)");
            });

            When(o => o.Mode == GateAuthModes.X509, () =>
            {
                RuleFor(o => o.BaseUrl).Must(u => u!.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    .WithMessage("must be https when Mesh:Gate:Auth:Mode is x509 (Gate's x509 port is 8085)");
                RuleFor(o => o.Auth.ClientCertificatePath).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required when Mesh:Gate:Auth:Mode is x509")
                    .Must(File.Exists).WithMessage(o => $"names no readable file: {o.Auth.ClientCertificatePath}");
                RuleFor(o => o.Auth.ClientKeyPath).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required when Mesh:Gate:Auth:Mode is x509")
                    .Must(File.Exists).WithMessage(o => $"names no readable file: {o.Auth.ClientKeyPath}");
                RuleFor(o => o.Auth.ClientCertificatePath).Custom((_, context) =>
                {
                    var auth = context.InstanceToValidate.Auth;
                    if (!File.Exists(auth.ClientCertificatePath) || !File.Exists(auth.ClientKeyPath)) return;
                    try
                    {
                        var (leaf, intermediates) = GateCertificates.LoadClientCertificate(auth.ClientCertificatePath!, auth.ClientKeyPath!);
                        if (leaf.NotAfter < DateTime.Now)
                            context.AddFailure($"the client certificate expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
                        leaf.Dispose();
                        foreach (var c in intermediates) c.Dispose();
                    }
                    catch (GateConfigurationException e)
                    {
                        context.AddFailure(e.Message);
                    }
                });
            });

            When(o => !string.IsNullOrWhiteSpace(o.Auth.CaBundlePath), () =>
            {
                RuleFor(o => o.Auth.CaBundlePath).Cascade(CascadeMode.Stop).Must(File.Exists).WithMessage(o => $"names no readable file: {o.Auth.CaBundlePath}")
                    .DependentRules(() => RuleFor(o => o.Auth.CaBundlePath).Custom((path, context) =>
                    {
                        try
                        {
                            foreach (var c in GateCertificates.LoadCaBundle(path!)) c.Dispose();
                        }
                        catch (GateConfigurationException e)
                        {
                            context.AddFailure(e.Message);
                        }
                    }));
                RuleFor(o => o.BaseUrl).Must(u => u!.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                    .WithMessage("must be https when Mesh:Gate:Auth:CaBundlePath is set (the bundle verifies Gate's TLS certificate)");
            });

            RuleFor(o => o.RunAsUser).Must(u => u is null || !u.Trim().Any(char.IsControl))
                .WithMessage("must not contain control characters");
        });

        RuleFor(o => o.TimeoutSeconds).InclusiveBetween(1, 600);
        RuleFor(o => o.ConnectTimeoutSeconds).InclusiveBetween(1, 120);
        RuleFor(o => o.HandlerLifetimeMinutes).InclusiveBetween(1, 1440);
    }

    private static bool BeAnApiRoot(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
