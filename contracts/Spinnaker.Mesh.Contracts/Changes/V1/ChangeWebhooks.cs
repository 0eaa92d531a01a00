using System.Text.Json;

namespace Spinnaker.Mesh.Contracts.Changes.V1;

/// <summary>
/// Commits the gateway accepted: a GitHub push (<c>POST /webhooks/github</c>, signature checked), a GitLab push hook
/// (<c>POST /webhooks/gitlab</c>, token checked) or Mesh's generic list (<c>POST /webhooks/commits</c>). Published raw
/// (no MassTransit envelope) to the fanout exchange <c>mesh.commit-webhooks</c> with publisher confirms before the 202;
/// the message id equals <see cref="ReceiptId"/>.
/// </summary>
/// <param name="ReceiptId">Id the gateway returned in the 202 answer.</param>
/// <param name="Tenant">Tenant the webhook token belongs to.</param>
/// <param name="ReceivedAt">When the gateway received the request (UTC).</param>
/// <param name="Source"><c>github</c>, <c>gitlab</c> or <c>commits</c>: how to read <see cref="Body"/>.</param>
/// <param name="Body">The body as POSTed: GitHub's push payload, GitLab's push hook, or
/// <c>{ "application", "repository", "commits": [{ "sha", "parents": [], "authoredAt" }] }</c>.</param>
public sealed record CommitsReported(Guid ReceiptId, string Tenant, DateTimeOffset ReceivedAt, string Source, JsonElement Body);

/// <summary>
/// An incident the gateway accepted on <c>POST /webhooks/incidents</c>:
/// <c>{ "incidentId", "application", "source", "changeCaused", "linkedExecutionId"?, "startedAt", "resolvedAt"? }</c>
/// (a later POST of the same id updates it, e.g. resolves it). Published raw to the fanout exchange
/// <c>mesh.incident-webhooks</c> with publisher confirms before the 202; the message id equals <see cref="ReceiptId"/>.
/// </summary>
public sealed record IncidentReported(Guid ReceiptId, string Tenant, DateTimeOffset ReceivedAt, JsonElement Incident);
