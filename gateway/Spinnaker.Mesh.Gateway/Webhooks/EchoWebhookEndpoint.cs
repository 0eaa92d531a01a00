using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spinnaker.Mesh.Gateway.Auth;
using Spinnaker.Mesh.Gateway.Broker;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/echo</c> (and <c>/webhooks/echo/</c>, since Echo always appends a slash): checks the body, publishes
/// it as an <c>EchoWebhookReceived</c> receipt and answers 202 only once RabbitMQ confirmed it. A plain Echo body is
/// read once into the message buffer and published as is; only the rare wrapped envelope is re-serialized.
/// </summary>
internal sealed partial class EchoWebhookEndpoint(
    ReceiptPublisher publisher,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<EchoWebhookEndpoint> logger)
{
    public const string Path = "/webhooks/echo";

    /// <summary>Echo retries at most a few times, 200 ms apart: tell other callers when a retry makes sense.</summary>
    private const string RetryAfterSeconds = "5";

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var tenant = http.Tenant();
        var maxBytes = options.Value.MaxBodyBytes;

        if (!IsJson(request.ContentType))
            return Reject(tenant, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "The body must be JSON (Content-Type: application/json).", $"content type '{request.ContentType}'");
        if (request.ContentLength > maxBytes) return TooLarge(tenant, maxBytes, $"Content-Length {request.ContentLength}");

        // The limit is enforced below while reading, chunked bodies included; Kestrel's own 30 MB cap must not cut in first.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit) serverLimit.MaxRequestBodySize = null;

        var receipt = new Receipt(Guid.CreateVersion7(), tenant, clock.GetUtcNow());
        using var message = new PooledBuffer(WebhookBody.InitialCapacity(request.ContentLength, ReceiptMessage.ReserveBytes));
        ReceiptMessage.WriteHead(message, receipt, EchoEnvelope.Raw);
        var eventStart = message.WrittenCount;
        try
        {
            if (!await WebhookBody.TryReadAsync(request.Body, message, maxBytes, http.RequestAborted))
                return TooLarge(tenant, maxBytes, "the body grew past the limit while streaming");
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own verdict on a malformed or stalled body (400, 408...).
            return Reject(tenant, e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), "The request body could not be read.", e.Message);
        }
        message.Write(ReceiptMessage.Tail);
        var eventBytes = message.WrittenMemory[eventStart..^ReceiptMessage.Tail.Length];

        JsonDocument document;
        try
        {
            // Parses over the buffer itself: the event is validated without being copied.
            document = JsonDocument.Parse(eventBytes, EchoEnvelope.ParseOptions);
        }
        catch (JsonException e)
        {
            return NotAnEvent(tenant, $"invalid JSON: {e.Message}");
        }
        using (document)
        {
            var envelope = EchoEnvelope.Classify(document.RootElement, out var reason);
            if (envelope is null) return NotAnEvent(tenant, reason);
            if (envelope == EchoEnvelope.Raw) return await PublishAsync(http, receipt, message.WrittenMemory);

            using var unwrapped = UnwrappedEvent.TryCreate(EchoEnvelope.EventOf(document.RootElement, envelope), out reason);
            if (unwrapped is null) return NotAnEvent(tenant, reason);
            using var rewritten = new PooledBuffer(message.WrittenCount);
            ReceiptMessage.WriteHead(rewritten, receipt, envelope);
            using (var writer = new Utf8JsonWriter(rewritten)) unwrapped.WriteTo(writer);
            rewritten.Write(ReceiptMessage.Tail);
            return await PublishAsync(http, receipt, rewritten.WrittenMemory);
        }
    }

    private async Task<IResult> PublishAsync(HttpContext http, Receipt receipt, ReadOnlyMemory<byte> message)
    {
        // Not cancelled when Echo hangs up: the body is complete, so finishing the publish (bounded by the publish
        // timeout) delivers the event once more rather than not at all, and keeps the channel usable.
        var outcome = await publisher.PublishAsync(receipt.Id, message, CancellationToken.None);
        if (outcome == PublishOutcome.Confirmed)
        {
            LogAccepted(logger, receipt.Id, receipt.Tenant, message.Length);
            return Results.Json(new WebhookAccepted(receipt.Id), statusCode: StatusCodes.Status202Accepted);
        }
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Reject(receipt.Tenant, StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
            "The event could not be queued safely; retry later.", $"broker outcome {outcome}");
    }

    /// <summary><c>application/json</c> with any charset, or any <c>*/*+json</c> type.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private IResult TooLarge(string tenant, long maxBytes, string reason) =>
        Reject(tenant, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
            $"The body is larger than the limit of {maxBytes} bytes (Mesh:Webhooks:MaxBodyBytes).", reason);

    private IResult NotAnEvent(string tenant, string reason) =>
        Reject(tenant, StatusCodes.Status400BadRequest, "Bad Request",
            $"The body is not an Echo event ({reason}): expected a JSON object with a string details.type, plain or in Echo's wrap/flatten envelope.",
            reason);

    private IResult Reject(string tenant, int status, string title, string detail, string reason)
    {
        LogRejected(logger, status, tenant, reason);
        return Results.Problem(detail: detail, statusCode: status, title: title);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted receipt {ReceiptId} for tenant {Tenant} ({MessageBytes} bytes)")]
    private static partial void LogAccepted(ILogger logger, Guid receiptId, string tenant, int messageBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an Echo webhook for tenant {Tenant} with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string tenant, string reason);
}
