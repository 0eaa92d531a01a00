using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// <see cref="IGateClient"/> over Gate's REST API: <c>POST /pipelines/{application}/{pipelineNameOrId}</c>
/// (PipelineController.invokePipelineConfig: Gate fetches the pipeline config, sets our map as its trigger and has Orca
/// start it, answering <c>{"ref": "/pipelines/{executionId}"}</c>) and <c>GET /applications/{application}/pipelines</c>
/// (ApplicationController.getPipelines). A singleton: each call takes a client from the factory, so the handler (and
/// the certificates it read) is renewed as configured.
/// </summary>
internal sealed class GateClient(IHttpClientFactory clients, IOptions<GateOptions> options, ILogger<GateClient> logger) : IGateClient
{
    public const string HttpClientName = "gate";
    private const string ExecutionsPrefix = "/pipelines/";

    private readonly GateOptions _options = options.Value;

    public async Task<GateTriggerResult> TriggerPipelineAsync(GatePipelineTrigger trigger, CancellationToken cancellationToken)
    {
        var path = $"pipelines/{Uri.EscapeDataString(trigger.Application)}/{Uri.EscapeDataString(trigger.PipelineNameOrId)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(TriggerBody(trigger)) };

        var (status, body) = await SendAsync(request, cancellationToken);
        var executionId = ExecutionIdOf(body);
        // Gate accepted the start: whatever the body, Orca has (or will have) an execution. Never report this as a failure,
        // or a retry would start the rollback twice; an execution id we cannot read is found again by RecentExecutionsAsync.
        if (executionId is null)
            logger.LogWarning("Gate accepted the start of {Application}/{Pipeline} for decision {DecisionId} ({Status}) without a readable ref",
                trigger.Application, trigger.PipelineNameOrId, trigger.DecisionId, (int)status);
        return new GateTriggerResult(executionId);
    }

    public async Task<IReadOnlyList<GateExecution>> RecentExecutionsAsync(string application, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // expand=false: Orca leaves out stage outputs, which the reconciliation does not need; the trigger stays.
        var path = $"applications/{Uri.EscapeDataString(application)}/pipelines?limit={limit}&expand=false";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var (_, body) = await SendAsync(request, cancellationToken);
        try
        {
            return GateExecutions.Parse(body, limit);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Failure($"GET /{path}: Gate answered something that is not a list of executions ({e.Message})",
                null, retryable: false, e);
        }
    }

    /// <summary>The manual trigger Orca records on the execution: Mesh, the reason, and the decision id twice.</summary>
    internal JsonObject TriggerBody(GatePipelineTrigger trigger)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in trigger.Parameters) parameters[name] = value;
        // In parameters too: ingest reads trigger.parameters, and so does anyone looking at the execution in Deck.
        parameters["meshDecisionId"] = trigger.DecisionId;
        var body = new JsonObject
        {
            ["type"] = "manual",
            ["user"] = _options.User,
            ["meshDecisionId"] = trigger.DecisionId,
            ["meshReason"] = trigger.Reason,
            ["parameters"] = parameters,
        };
        // Orca honours runAsUser on automated triggers only; on a manual one the execution runs as Gate's principal.
        // Recorded so the execution shows which service account Mesh meant to act as.
        if (!string.IsNullOrWhiteSpace(_options.RunAsUser)) body["runAsUser"] = _options.User;
        return body;
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Relative to Gate's root, taken before sending (the client makes the request's URI absolute).
        var call = $"{request.Method} /{request.RequestUri?.OriginalString.TrimStart('/')}";
        if (!_options.IsConfigured)
            throw Failure(
                $"{call}: Gate is not configured; set Mesh:Gate:BaseUrl (and Mesh:Gate:Auth:*) to let Mesh start rollback pipelines",
                null, retryable: false);

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = _options.Mode switch
        {
            GateAuthModes.Bearer => new AuthenticationHeaderValue("Bearer", _options.Auth.Token!.Trim()),
            GateAuthModes.Basic => new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Auth.Username}:{_options.Auth.Password}"))),
            _ => null,
        };
        // Gate takes X-SPINNAKER-USER when the request brings no credential it authenticates; otherwise its principal wins.
        if (!string.IsNullOrWhiteSpace(_options.RunAsUser)) request.Headers.TryAddWithoutValidation("X-SPINNAKER-USER", _options.User);

        try
        {
            var http = clients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode) return (response.StatusCode, body);
            throw Refused(call, response.StatusCode, body);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException e)
        {
            throw Failure(
                $"{call}: Gate did not answer within {_options.TimeoutSeconds} s (Mesh:Gate:TimeoutSeconds)",
                null, retryable: true, e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError || Contains<AuthenticationException>(e))
        {
            throw Failure(
                $"{call}: the TLS handshake with Gate failed ({Messages(e)}). Check that Gate's server " +
                "certificate chains to Mesh:Gate:Auth:CaBundlePath and matches the host of Mesh:Gate:BaseUrl, and, for x509, that Gate " +
                "trusts the CA of Mesh:Gate:Auth:ClientCertificatePath",
                null, retryable: false, e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ResponseEnded && _options.Mode == GateAuthModes.X509)
        {
            // With TLS 1.3 the server checks the client certificate after the client finished its handshake: a refusal
            // then shows as a connection closed without an answer, not as a handshake error.
            throw Failure(
                $"{call}: Gate closed the connection without answering ({Messages(e)}). Over x509 this is how Gate refuses a client " +
                "certificate it does not trust: check that Gate trusts the CA of Mesh:Gate:Auth:ClientCertificatePath",
                null, retryable: true, e);
        }
        catch (HttpRequestException e)
        {
            throw Failure($"{call}: no answer from Gate ({Messages(e)})", null, retryable: true, e);
        }
        catch (GateConfigurationException e)
        {
            // A certificate or CA file became unreadable after start (a rotation gone wrong).
            throw Failure($"{call}: {e.Message}", null, retryable: false, e);
        }
    }

    private GateCallException Refused(string call, HttpStatusCode status, string body)
    {
        var code = (int)status;
        var hint = code switch
        {
            401 => " Gate did not accept Mesh's credentials (Mesh:Gate:Auth).",
            403 => $" The identity Mesh acts as ({_options.User}, or the certificate's or credential's identity) lacks EXECUTE permission " +
                   "on the application, or access to the pipeline's accounts: give that service account the roles in Fiat.",
            404 => " Gate knows no such application or pipeline.",
            _ => "",
        };
        return Failure(
            $"{call}: Gate answered {code} {status}{GateErrors.Excerpt(body, _options)}.{hint}",
            code, retryable: GateErrors.IsRetryable(code));
    }

    /// <summary>Every message leaves with the configured secrets masked, whatever Gate or the platform put into it.</summary>
    private GateCallException Failure(string message, int? status, bool retryable, Exception? inner = null) =>
        new(GateErrors.Redact(message, _options), status, retryable, inner);

    /// <summary>The execution id of Orca's <c>{"ref": "/pipelines/{id}"}</c>.</summary>
    private static string? ExecutionIdOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("ref", out var reference) && reference.ValueKind == JsonValueKind.String
                && reference.GetString() is { } text)
            {
                var at = text.LastIndexOf(ExecutionsPrefix, StringComparison.Ordinal);
                var id = at < 0 ? null : text[(at + ExecutionsPrefix.Length)..].Trim('/');
                return string.IsNullOrEmpty(id) ? null : id;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static bool Contains<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T) return true;
        return false;
    }

    private static string Messages(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) messages.Add(x.Message);
        return string.Join(": ", messages.Distinct());
    }
}
