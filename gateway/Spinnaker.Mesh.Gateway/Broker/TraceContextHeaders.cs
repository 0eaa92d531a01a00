using System.Diagnostics;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>
/// The W3C trace context of a publish, written into the AMQP headers so the consumer's spans join the webhook's
/// trace. <c>traceparent</c>/<c>tracestate</c> are the W3C names any consumer understands; MassTransit 8.5 reads its
/// parent from <c>MT-Activity-Id</c> instead (the same <c>00-trace-span-flags</c> value; see its
/// <c>LogContextActivityExtensions.StartReceiveActivity</c>), so that is written too.
/// </summary>
internal static class TraceContextHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string MassTransitParent = "MT-Activity-Id";

    /// <summary>The headers carrying <paramref name="activity"/>'s context, or null when nothing is traced.</summary>
    public static Dictionary<string, object?>? For(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is not { } traceParent) return null;
        var headers = new Dictionary<string, object?>(3)
        {
            [TraceParent] = traceParent,
            [MassTransitParent] = traceParent,
        };
        if (!string.IsNullOrEmpty(activity.TraceStateString)) headers[TraceState] = activity.TraceStateString;
        return headers;
    }
}
