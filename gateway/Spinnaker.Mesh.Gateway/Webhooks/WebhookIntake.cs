using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spinnaker.Mesh.Gateway.Auth;
using Spinnaker.Mesh.Gateway.Broker;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>Writes the broker message's head (receipt and body member) in front of the body.</summary>
internal delegate void ReceiptHead(IBufferWriter<byte> output, Receipt receipt);

/// <summary>
/// What every webhook shares: a JSON content type, the body limit (Content-Length up front, chunked bodies while
/// reading), the body read once into its broker message, the confirmed publish, and the problem+json answers
/// (415, 413, 400, 503 + Retry-After). A 202 always means the broker confirmed the message.
/// </summary>
internal sealed partial class WebhookIntake(
    ReceiptPublisher publisher,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookIntake> logger)
{
    /// <summary>Echo retries at most a few times, 200 ms apart: tell other callers when a retry makes sense.</summary>
    private const string RetryAfterSeconds = "5";

    /// <summary>
    /// Reads the body into a message that starts with <paramref name="head"/>; either the webhook (the caller
    /// disposes it) or the rejection to answer with.
    /// </summary>
    public async Task<(ReceivedWebhook? Webhook, IResult? Rejection)> ReadAsync(HttpContext http, WebhookSource source, ReceiptHead head)
    {
        var request = http.Request;
        var tenant = http.Tenant();
        var maxBytes = options.Value.MaxBodyBytes;

        if (!IsJson(request.ContentType))
            return (null, Reject(source, tenant, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                "The body must be JSON (Content-Type: application/json).", $"content type '{request.ContentType}'"));
        if (request.ContentLength > maxBytes) return (null, TooLarge(source, tenant, maxBytes, $"Content-Length {request.ContentLength}"));

        // The limit is enforced below while reading, chunked bodies included; Kestrel's own 30 MB cap must not cut in first.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit) serverLimit.MaxRequestBodySize = null;

        var receipt = new Receipt(Guid.CreateVersion7(), tenant, clock.GetUtcNow());
        var message = new PooledBuffer(WebhookBody.InitialCapacity(request.ContentLength, ReceiptMessage.ReserveBytes));
        try
        {
            head(message, receipt);
            var bodyStart = message.WrittenCount;
            if (!await WebhookBody.TryReadAsync(request.Body, message, maxBytes, http.RequestAborted))
            {
                message.Dispose();
                return (null, TooLarge(source, tenant, maxBytes, "the body grew past the limit while streaming"));
            }
            message.Write(ReceiptMessage.Tail);
            return (new ReceivedWebhook(receipt, message, bodyStart), null);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own verdict on a malformed or stalled body (400, 408...).
            message.Dispose();
            return (null, Reject(source, tenant, e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), "The request body could not be read.", e.Message));
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The whole path of a JSON webhook that is published as sent: read, <paramref name="screen"/> what the raw request
    /// says (signature, event header; an answer stops there), parse, ask <paramref name="findInvalid"/> for the first
    /// bad member (400 naming it), publish (202 once confirmed).
    /// </summary>
    public async Task<IResult> AcceptAsync(HttpContext http, WebhookSource source, ReceiptHead head,
        Func<JsonElement, InvalidField?> findInvalid, Func<ReceivedWebhook, IResult?>? screen = null)
    {
        var (webhook, rejection) = await ReadAsync(http, source, head);
        if (webhook is null) return rejection!;
        using (webhook)
        {
            if (screen?.Invoke(webhook) is { } answer) return answer;
            var tenant = webhook.Receipt.Tenant;
            if (!webhook.TryParse(out var document, out var error))
                return InvalidField(source, tenant, BodyFields.Root, $"The body ($) is not JSON ({error}).");
            using (document)
            {
                if (findInvalid(document.RootElement) is { } invalid) return InvalidField(source, tenant, invalid.Field, invalid.Message);
            }
            return await PublishAsync(http, source, webhook.Receipt, webhook.Message);
        }
    }

    /// <summary>An event the source sends but Mesh has no use for: answered with success so the sender does not mark the hook broken, published nowhere.</summary>
    public IResult Ignore(WebhookSource source, string tenant, string eventName, int status = StatusCodes.Status202Accepted)
    {
        LogIgnored(logger, source.Name, eventName, tenant);
        return Results.Json(new WebhookIgnored(eventName), statusCode: status);
    }

    /// <summary>401 for a webhook whose own secret (signature, secret token) did not check out.</summary>
    public IResult Unauthorized(WebhookSource source, string tenant, string detail, string reason) =>
        Reject(source, tenant, StatusCodes.Status401Unauthorized, "Unauthorized", detail, reason);

    /// <summary>Publishes the message to the source's exchange: 202 with the receipt id once confirmed, else 503.</summary>
    public async Task<IResult> PublishAsync(HttpContext http, WebhookSource source, Receipt receipt, ReadOnlyMemory<byte> message)
    {
        // Not cancelled when the caller hangs up: the body is complete, so finishing the publish (bounded by the
        // publish timeout) delivers it once more rather than not at all, and keeps the channel usable.
        var outcome = await publisher.PublishAsync(source.Exchange, receipt.Id, message, CancellationToken.None);
        if (outcome == PublishOutcome.Confirmed)
        {
            LogAccepted(logger, source.Name, receipt.Id, receipt.Tenant, message.Length);
            return Results.Json(new WebhookAccepted(receipt.Id), statusCode: StatusCodes.Status202Accepted);
        }
        http.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Reject(source, receipt.Tenant, StatusCodes.Status503ServiceUnavailable, "Service Unavailable",
            "The event could not be queued safely; retry later.", $"broker outcome {outcome}");
    }

    /// <summary>
    /// 400 naming the body member to fix, as every Mesh API does (<c>errors</c>), and once more as the <c>field</c>
    /// extension for callers that look for one name.
    /// </summary>
    public IResult InvalidField(WebhookSource source, string tenant, string field, string message)
    {
        LogRejected(logger, source.Name, StatusCodes.Status400BadRequest, tenant, message);
        var problem = MeshProblems.InvalidField(field, message);
        problem.ProblemDetails.Extensions["field"] = field;
        return problem;
    }

    public IResult Reject(WebhookSource source, string tenant, int status, string title, string detail, string reason)
    {
        LogRejected(logger, source.Name, status, tenant, reason);
        return Results.Problem(detail: detail, statusCode: status, title: title);
    }

    /// <summary><c>application/json</c> with any charset, or any <c>*/*+json</c> type.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private IResult TooLarge(WebhookSource source, string tenant, long maxBytes, string reason) =>
        Reject(source, tenant, StatusCodes.Status413PayloadTooLarge, "Payload Too Large",
            $"The body is larger than the limit of {maxBytes} bytes (Mesh:Webhooks:MaxBodyBytes).", reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {Webhook} receipt {ReceiptId} for tenant {Tenant} ({MessageBytes} bytes)")]
    private static partial void LogAccepted(ILogger logger, string webhook, Guid receiptId, string tenant, int messageBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {Webhook} {Event} event for tenant {Tenant}")]
    private static partial void LogIgnored(ILogger logger, string webhook, string @event, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a {Webhook} webhook for tenant {Tenant} with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string webhook, int status, string tenant, string reason);
}
