using System.Text.Json;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Dora.Store;
using static Spinnaker.Mesh.Dora.Intake.WebhookJson;

namespace Spinnaker.Mesh.Dora.Intake;

/// <summary>
/// Reads <see cref="IncidentReported"/>: <c>{ incidentId, application, source, changeCaused, linkedExecutionId?,
/// startedAt, resolvedAt?, causedBySha? }</c>. A resolution before the start is refused.
/// </summary>
internal static class IncidentBody
{
    public static IncidentRecorded Read(IncidentReported report)
    {
        var body = report.Incident;
        if (body.ValueKind != JsonValueKind.Object) throw Invalid("incident", "must be a JSON object");
        var changeCaused = Member(body, "changeCaused") switch
        {
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw Invalid("changeCaused", "is required (true or false)"),
        };
        var started = Time(body, "startedAt", "startedAt", required: true)!.Value;
        var resolved = Time(body, "resolvedAt", "resolvedAt", required: false);
        if (resolved < started) throw Invalid("resolvedAt", "must not be before startedAt");
        return new IncidentRecorded(
            report.ReceiptId, report.ReceivedAt,
            RequiredString(body, "incidentId", "incidentId"),
            RequiredString(body, "application", "application"),
            RequiredString(body, "source", "source"),
            changeCaused,
            OptionalString(body, "linkedExecutionId"),
            started.ToUniversalTime(), resolved?.ToUniversalTime(),
            OptionalString(body, "causedBySha"));
    }
}
