using System.Text.RegularExpressions;
using FluentValidation;
using Spinnaker.Mesh.Messaging;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// <c>Mesh:Rollback:Recognition</c>: which pipelines are rollback pipelines by name, how far back the anomalies listed
/// with a rollback go, and how the consumer of execution events gathers them into batches.
/// </summary>
internal sealed class RecognitionOptions : ConsumerBatchSettings
{
    public const string Section = "Mesh:Rollback:Recognition";

    /// <summary>"rollback" as a word of its own (not inside another word; <c>auto_rollback</c> and <c>Rollback checkout-api</c> match).</summary>
    public const string DefaultPipelineNamePattern = @"(?<![\p{L}\p{N}])rollback(?![\p{L}\p{N}])";

    /// <summary>A .NET regular expression, matched case-insensitively against pipeline names.</summary>
    public string PipelineNamePattern { get; set; } = DefaultPipelineNamePattern;

    /// <summary>How long before a rollback's start the anomalies listed with it may be.</summary>
    public TimeSpan AnomalyWindow { get; set; } = TimeSpan.FromHours(2);

    public RecognitionOptions()
    {
        BatchMessageLimit = 50;
        BatchTimeLimit = TimeSpan.FromMilliseconds(100);
        BatchConcurrencyLimit = 2;
    }

    public Regex PipelineNames() =>
        new(PipelineNamePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}

internal sealed class RecognitionOptionsValidator : AbstractValidator<RecognitionOptions>
{
    public RecognitionOptionsValidator()
    {
        Include(new ConsumerBatchSettingsValidator<RecognitionOptions>(500, TimeSpan.FromSeconds(10), 16));
        RuleFor(o => o.PipelineNamePattern).NotEmpty().Must(Compiles)
            .WithMessage("must be a .NET regular expression (was '{PropertyValue}').");
        RuleFor(o => o.AnomalyWindow).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromDays(7))
            .WithMessage("must be more than zero and at most 7.00:00:00 (was {PropertyValue}).");
    }

    private static bool Compiles(string? pattern)
    {
        try
        {
            _ = new Regex(pattern ?? "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
