using Marten;
using Spinnaker.Mesh.Contracts.Dora.V1;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using Spinnaker.Mesh.Dora.Configuration;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>What a commit changed, to publish after it (MessageId = EventId; subscribers deduplicate).</summary>
internal sealed record DoraPublications(IReadOnlyList<DeploymentRecorded> Deployments, IReadOnlyList<ChangeFailureDetected> ChangeFailures)
{
    public static DoraPublications None { get; } = new([], []);

    public DoraPublications Plus(DoraPublications other) =>
        new([.. Deployments, .. other.Deployments], [.. ChangeFailures, .. other.ChangeFailures]);
}

/// <summary>
/// Stores DORA inputs and keeps the classified read model up to date, one tenant per transaction: takes the locks of
/// the applications (and repositories) concerned, reads the tenant's settings, appends the inputs not stored yet,
/// classifies each concerned application again from all its inputs (<see cref="DoraClassifier"/>), and rewrites the
/// rows whose content changed, all in one commit. Returns the events to publish after it.
/// </summary>
internal sealed class DoraRecorder(IDocumentStore store, TenantSettings tenantSettings, ILogger<DoraRecorder> log)
{
    private static readonly Guid DeploymentIds = new("0d7f3c1a-5b2e-4f60-8a1d-9c4e7b3f2a11");
    private static readonly Guid FailureIds = new("8e2a6d4b-1c3f-4b7a-9e5d-2f1a0c6b8d12");
    private const int MaxAttempts = 4;

    /// <param name="applications">Applications the inputs name (executions, incidents, generic commits).</param>
    /// <param name="repositories">Repositories of pushed commits: the applications the settings map them to are classified too.</param>
    /// <param name="redelivered">Publish every row's events, not only changed ones: the first delivery may have died after its commit.</param>
    public async Task<DoraPublications> RecordAsync(string tenant, IReadOnlyList<PendingEvent> events, IReadOnlyCollection<string> applications,
        IReadOnlyCollection<string> repositories, bool redelivered, CancellationToken ct)
    {
        var locked = new SortedSet<string>(applications, StringComparer.Ordinal);
        await using (var query = store.QuerySession(tenant))
        {
            var guess = await tenantSettings.LoadAsync(query, ct);
            locked.UnionWith(repositories.SelectMany(guess.ApplicationsOf));
        }
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(tenant);
            await session.BeginTransactionAsync(ct);
            await DoraLocks.TakeAsync(session, tenant,
                [.. locked.Select(DoraLocks.ApplicationKey), .. repositories.Select(DoraLocks.RepositoryKey)], ct);
            var settings = await tenantSettings.LoadAsync(session, ct);
            var needed = repositories.SelectMany(settings.ApplicationsOf).Where(a => !locked.Contains(a)).ToList();
            if (needed.Count > 0 && attempt < MaxAttempts)
            {
                // The mapping changed before the locks were held: take those applications' locks too (a new transaction).
                locked.UnionWith(needed);
                continue;
            }
            var appended = await session.AppendNewAsync(events, ct);
            if (appended.Count == 0 && !redelivered) return DoraPublications.None;
            var published = DoraPublications.None;
            foreach (var application in locked)
                published = published.Plus(await ClassifyAsync(session, tenant, application, settings, appended, redelivered, ct));
            await session.SaveChangesAsync(ct);
            return published;
        }
    }

    /// <summary>
    /// Classifies applications again without new inputs (a settings change), each in its own transaction under its
    /// locks, so a tenant's recompute never holds every lock at once.
    /// </summary>
    public async Task<DoraPublications> ReclassifyAsync(string tenant, IReadOnlyCollection<string> applications, CancellationToken ct)
    {
        var published = DoraPublications.None;
        foreach (var application in applications.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            IReadOnlyList<string> repositories;
            await using (var query = store.QuerySession(tenant))
                repositories = (await tenantSettings.LoadAsync(query, ct)).RepositoriesOf(application);
            for (var attempt = 1; ; attempt++)
            {
                await using var session = store.LightweightSession(tenant);
                await session.BeginTransactionAsync(ct);
                await DoraLocks.TakeAsync(session, tenant, [DoraLocks.ApplicationKey(application), .. repositories.Select(DoraLocks.RepositoryKey)], ct);
                var settings = await tenantSettings.LoadAsync(session, ct);
                var now = settings.RepositoriesOf(application);
                if (!now.All(repositories.Contains) && attempt < MaxAttempts)
                {
                    repositories = [.. repositories.Union(now)];
                    continue;
                }
                published = published.Plus(await ClassifyAsync(session, tenant, application, settings, [], publishAll: false, ct));
                await session.SaveChangesAsync(ct);
                break;
            }
        }
        return published;
    }

    /// <summary>Every application of the tenant: classified ones, and those its settings name (teams, repositories).</summary>
    public async Task<IReadOnlyList<string>> ApplicationsAsync(string tenant, DoraSettings settings, CancellationToken ct)
    {
        await using var query = store.QuerySession(tenant);
        var stored = await query.AdvancedSql.QueryAsync<string>("SELECT application FROM dora.applications WHERE tenant = ?", ct, tenant);
        return [.. stored.Concat(settings.Teams.Values.SelectMany(a => a)).Concat(settings.Repositories.Values.SelectMany(a => a))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private async Task<DoraPublications> ClassifyAsync(IDocumentSession session, string tenant, string application, DoraSettings settings,
        IReadOnlyList<PendingEvent> appended, bool publishAll, CancellationToken ct)
    {
        var inputs = await ApplicationInputs.LoadAsync(session, application, settings, appended, ct);
        var classification = DoraClassifier.Classify(application, inputs.Executions, inputs.Commits, inputs.Incidents, settings);

        var storedRows = await ReadModelRows.StoredAsync(session, tenant, application, deployments: true, ct);
        var rows = classification.Deployments.Select(ReadModelRows.ToWrite).ToList();
        var changed = rows.Where(w => !storedRows.TryGetValue(w.Key, out var s) || s.H != w.Hash).ToList();
        ReadModelRows.QueueUpsert(session, tenant, application, changed);
        var keys = rows.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        var gone = storedRows.Keys.Where(k => !keys.Contains(k)).ToList();
        ReadModelRows.QueueDelete(session, tenant, application, deployments: true, gone);

        var storedFindings = await ReadModelRows.StoredAsync(session, tenant, application, deployments: false, ct);
        var findings = ReadModelRows.Findings(classification);
        ReadModelRows.QueueUpsert(session, tenant, application,
            [.. findings.Where(f => !storedFindings.TryGetValue(f.Key, out var s) || s.H != f.Hash)]);
        var findingKeys = findings.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        ReadModelRows.QueueDelete(session, tenant, application, deployments: false, [.. storedFindings.Keys.Where(k => !findingKeys.Contains(k))]);
        ReadModelRows.QueueApplication(session, tenant, application, classification.CoveredFrom);

        if (changed.Count > 0 || gone.Count > 0)
            log.LogInformation("Classified {Application} of tenant {Tenant}: {Rows} rows, {Changed} changed, {Gone} removed",
                application, tenant, rows.Count, changed.Count, gone.Count);
        return Publications(tenant, application, publishAll ? rows : changed, storedRows, publishAll, classification, inputs);
    }

    private static DoraPublications Publications(string tenant, string application, IReadOnlyList<ReadModelRows.DeploymentWrite> rows,
        IReadOnlyDictionary<string, StoredRow> stored, bool publishAll, ApplicationClassification classification, ApplicationInputs inputs)
    {
        var incidentStarts = inputs.Incidents.ToDictionary(i => i.IncidentId, i => i.StartedAt, StringComparer.Ordinal);
        var rowTimes = classification.Deployments.GroupBy(d => d.ExecutionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(d => d.Time), StringComparer.Ordinal);
        var deployments = new List<DeploymentRecorded>();
        var failures = new List<ChangeFailureDetected>();
        foreach (var write in rows)
        {
            var row = write.Row;
            var environment = row.Environment ?? "";
            deployments.Add(new DeploymentRecorded(
                DeterministicId.FromParts(DeploymentIds, tenant, application, environment, row.ExecutionId, write.Hash),
                tenant, application, environment, row.ExecutionId, row.Classification, row.DeploymentTime ?? row.Time,
                row.DeployedSha, row.ChangeSet.Count, row.ChangeFailure));
            var before = !publishAll && stored.TryGetValue(write.Key, out var s) ? (s.S ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            foreach (var signal in row.FailureSignals.DistinctBy(f => f.Signal).Where(f => !before.Contains(f.Signal)))
            {
                var evidence = signal.Evidence;
                var detectedAt = evidence.IncidentId is { } incident && incidentStarts.TryGetValue(incident, out var started) ? started
                    : evidence.RemediationExecutionId is { } remediation && rowTimes.TryGetValue(remediation, out var remediated) ? remediated
                    : row.DeploymentTime ?? row.Time;
                failures.Add(new ChangeFailureDetected(
                    DeterministicId.FromParts(FailureIds, tenant, application, environment, row.ExecutionId, signal.Signal),
                    tenant, application, environment, row.ExecutionId, signal.Signal, evidence.Description, detectedAt.ToUniversalTime()));
            }
        }
        return new DoraPublications(deployments, failures);
    }
}
