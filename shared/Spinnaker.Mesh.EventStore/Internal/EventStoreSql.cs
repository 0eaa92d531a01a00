namespace Spinnaker.Mesh.EventStore.Internal;

/// <summary>
/// Every statement the store runs, written once per schema. Parameters are positional ($1) so Npgsql sends the text
/// as is, without parsing it for named parameters. Sets of rows travel as arrays and come back out of unnest, so a
/// whole session costs a fixed number of statements however many streams and events it holds.
/// </summary>
internal sealed class EventStoreSql
{
    /// <summary>The columns <see cref="StoredEventReader"/> reads, in its order.</summary>
    private const string EventColumns = "seq, id, tenant, stream_id, version, type, data, metadata, created_at";

    public EventStoreSql(string schema)
    {
        var s = $"\"{schema}\"";
        MigrationLockKey = $"spinnaker-mesh-eventstore:{schema}";
        Migration =
        [
            $"CREATE SCHEMA IF NOT EXISTS {s}",
            $"""
            CREATE TABLE IF NOT EXISTS {s}.streams (
                tenant text NOT NULL,
                id text NOT NULL,
                type text NOT NULL,
                version bigint NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT streams_pkey PRIMARY KEY (tenant, id)
            )
            """,
            // (tenant, stream_id, version) is both the stream read path's index and the last guard against two
            // writers taking the same version; id unique makes appends idempotent by event id.
            $"""
            CREATE TABLE IF NOT EXISTS {s}.events (
                seq bigserial CONSTRAINT events_pkey PRIMARY KEY,
                id uuid NOT NULL CONSTRAINT events_id_key UNIQUE,
                tenant text NOT NULL,
                stream_id text NOT NULL,
                version bigint NOT NULL,
                type text NOT NULL,
                data jsonb NOT NULL,
                metadata jsonb,
                created_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT events_stream_version_key UNIQUE (tenant, stream_id, version),
                CONSTRAINT events_stream_fkey FOREIGN KEY (tenant, stream_id) REFERENCES {s}.streams (tenant, id)
            )
            """,
            $"""
            CREATE TABLE IF NOT EXISTS {s}.inbox (
                consumer text NOT NULL,
                message_id uuid NOT NULL,
                processed_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT inbox_pkey PRIMARY KEY (consumer, message_id)
            )
            """,
        ];

        // Rows go in array order, which the session sorts by (tenant, id): two sessions creating the same new streams
        // queue behind each other instead of each holding one the other needs.
        InsertMissingStreams = $"""
            INSERT INTO {s}.streams (tenant, id, type, version)
            SELECT tenant, id, type, 0 FROM unnest($1::text[], $2::text[], $3::text[]) AS k(tenant, id, type)
            ON CONFLICT (tenant, id) DO NOTHING
            """;
        // The lock is taken in sorted order (LockRows sits above the Sort), so sessions sharing streams cannot deadlock.
        LockStreams = $"""
            SELECT s.tenant, s.id, s.version
            FROM {s}.streams AS s JOIN unnest($1::text[], $2::text[]) AS k(tenant, id) ON s.tenant = k.tenant AND s.id = k.id
            ORDER BY s.tenant COLLATE "C", s.id COLLATE "C"
            FOR UPDATE OF s
            """;
        PresentEventIds = $"SELECT id FROM {s}.events WHERE id = ANY($1)";
        // ORDER BY position makes seq follow the session's append order. ON CONFLICT DO NOTHING turns a lost race on
        // a unique key (version or event id) into a missing RETURNING row, which the session maps to a
        // ConcurrencyException naming the exact event, instead of an error that would leave it guessing.
        InsertEvents = $"""
            INSERT INTO {s}.events (id, tenant, stream_id, version, type, data, metadata)
            SELECT id, tenant, stream_id, version, type, data, metadata
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[], $7::jsonb[])
                WITH ORDINALITY AS e(id, tenant, stream_id, version, type, data, metadata, position)
            ORDER BY position
            ON CONFLICT DO NOTHING
            RETURNING id, seq, created_at
            """;
        UpdateStreamVersions = $"""
            UPDATE {s}.streams AS s SET version = k.version, updated_at = now()
            FROM unnest($1::text[], $2::text[], $3::bigint[]) AS k(tenant, id, version)
            WHERE s.tenant = k.tenant AND s.id = k.id
            """;
        DeleteEmptyStreams = $"""
            DELETE FROM {s}.streams AS s USING unnest($1::text[], $2::text[]) AS k(tenant, id)
            WHERE s.tenant = k.tenant AND s.id = k.id AND s.version = 0
            """;
        InsertInbox = $"""
            INSERT INTO {s}.inbox (consumer, message_id)
            SELECT consumer, message_id FROM unnest($1::text[], $2::uuid[]) AS m(consumer, message_id)
            ON CONFLICT DO NOTHING
            RETURNING consumer, message_id
            """;
        IsProcessed = $"SELECT EXISTS (SELECT 1 FROM {s}.inbox WHERE consumer = $1 AND message_id = $2)";
        LastStoredVersion = $"SELECT coalesce(max(version), 0) FROM {s}.events WHERE tenant = $1 AND stream_id = $2";
        FetchStream = $"""
            SELECT {EventColumns} FROM {s}.events
            WHERE tenant = $1 AND stream_id = $2 AND version BETWEEN $3 AND $4
            ORDER BY version
            """;
        ReadEventsAfter = $"SELECT {EventColumns} FROM {s}.events WHERE seq > $1 ORDER BY seq LIMIT $2";
        ReadTenantEventsAfter = $"""
            SELECT {EventColumns} FROM {s}.events
            WHERE tenant = $1 AND ($2::text IS NULL OR stream_id = $2) AND seq > $3
            ORDER BY seq LIMIT $4
            """;
    }

    public string MigrationLockKey { get; }
    public IReadOnlyList<string> Migration { get; }
    public string InsertMissingStreams { get; }
    public string LockStreams { get; }
    public string PresentEventIds { get; }
    public string InsertEvents { get; }
    public string UpdateStreamVersions { get; }
    public string DeleteEmptyStreams { get; }
    public string InsertInbox { get; }
    public string IsProcessed { get; }
    public string LastStoredVersion { get; }
    public string FetchStream { get; }
    public string ReadEventsAfter { get; }
    public string ReadTenantEventsAfter { get; }

    public const string TakeMigrationLock = "SELECT pg_advisory_xact_lock(hashtext($1))";
}
