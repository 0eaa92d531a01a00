using System.Text.Json;
using FluentValidation;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Shape checks that come before mapping. Validation stops at the first failure; its message is the rejection reason,
/// written for a human reading the rejection list.
/// </summary>
public sealed class EchoEventValidator : AbstractValidator<EchoEvent>
{
    public EchoEventValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(e => e.RootKind)
            .Equal(JsonValueKind.Object)
            .WithMessage(e => $"the Echo event must be a JSON object, found {JsonRead.Describe(e.RootKind)}");

        RuleFor(e => e.DetailsKind)
            .Must(kind => kind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            .WithMessage("details is missing")
            .Equal(JsonValueKind.Object)
            .WithMessage(e => $"details must be an object, found {JsonRead.Describe(e.DetailsKind)}");

        RuleFor(e => e.TypeKind)
            .Must(kind => kind is not (JsonValueKind.Undefined or JsonValueKind.Null))
            .WithMessage("details.type is missing")
            .Equal(JsonValueKind.String)
            .WithMessage(e => $"details.type must be a string, found {JsonRead.Describe(e.TypeKind)}");

        RuleFor(e => e.Type)
            .NotEmpty()
            .WithMessage("details.type is empty");

        When(e => e.IsOrcaExecutionEvent, () =>
        {
            RuleFor(e => e.ContentKind)
                .Must(kind => kind is not (JsonValueKind.Undefined or JsonValueKind.Null))
                .WithMessage(e => $"{e.Type} without content")
                .Equal(JsonValueKind.Object)
                .WithMessage(e => $"content of {e.Type} must be an object, found {JsonRead.Describe(e.ContentKind)}");

            RuleFor(e => e.ExecutionKind)
                .Must(kind => kind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object)
                .WithMessage(e => $"content.execution of {e.Type} must be an object, found {JsonRead.Describe(e.ExecutionKind)}");

            RuleFor(e => e.StagesKind)
                .Must(kind => kind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Array)
                .WithMessage(e => $"content.execution.stages of {e.Type} must be an array, found {JsonRead.Describe(e.StagesKind)}");

            RuleFor(e => e.ExecutionId)
                .NotEmpty()
                .WithMessage(e => $"{e.Type} without an execution id (neither content.executionId nor content.execution.id)");
        });

        When(e => e.IsTaskEvent, () =>
            RuleFor(e => e.TaskName)
                .NotEmpty()
                .WithMessage(e => $"{e.Type} without content.taskName"));

        When(e => e.IsStageOrTaskEvent, () =>
            RuleFor(e => e.StageId)
                .NotEmpty()
                .WithMessage(e => e.Execution is null
                    ? $"{e.Type} without content.stageId (and no content.startTime to identify the stage)"
                    : $"{e.Type} without content.stageId"));
    }
}
