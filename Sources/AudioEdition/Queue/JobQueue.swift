import Foundation

/// The job queue in PostgreSQL: one table of jobs that the tool creates and migrates itself.
/// A job is `queued`, `running` under a worker's lease, then `done` or `failed`. Workers claim
/// jobs with `FOR UPDATE SKIP LOCKED`, so two never take the same one, and are woken by
/// `NOTIFY`. A running job whose lease is not renewed in time is taken by the next claim; one
/// that fails is queued again until its attempts are spent. Every change of state is one
/// statement, so one transaction.
public final class JobQueue {
    /// The schema this build writes, and the statements that bring a database from each
    /// version to the next. A database at a later version than this is refused.
    public static let migrations: [[String]] = [
        ["""
        CREATE TABLE edition_jobs (
            id bigserial PRIMARY KEY,
            kind text NOT NULL CHECK (kind IN ('article', 'briefing')),
            request jsonb NOT NULL,
            state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
            attempts int NOT NULL DEFAULT 0,
            max_attempts int NOT NULL CHECK (max_attempts >= 1),
            not_before timestamptz NOT NULL DEFAULT now(),
            worker text,
            lease_until timestamptz,
            message text,
            episode text,
            created timestamptz NOT NULL DEFAULT now(),
            started timestamptz,
            finished timestamptz
        )
        """,
         "CREATE INDEX edition_jobs_open ON edition_jobs (id) WHERE state IN ('queued', 'running')"],
    ]
    public static var schemaVersion: Int { migrations.count }
    /// The channel idle workers listen on: `add` notifies it, and so does every job that ends
    /// or is queued again.
    static let channel = "edition_jobs"

    public let connection: PostgresConnection
    private var listening = false

    /// Connects, and creates or migrates the jobs table.
    public init(url: String) throws {
        connection = try PostgresConnection(url: url)
        try migrate()
    }

    /// Brings the schema to `schemaVersion`, one migration per transaction, under a lock so
    /// that workers starting together do it once.
    func migrate() throws {
        try connection.query("CREATE TABLE IF NOT EXISTS edition_schema (version int NOT NULL)")
        try connection.transaction {
            try connection.query("SELECT pg_advisory_xact_lock(hashtextextended('edition_schema', 0))")
            let rows = try connection.query("SELECT version FROM edition_schema")
            let version = rows.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
            guard version <= Self.schemaVersion else {
                throw DatabaseError(message: "the queue's schema is version \(version), newer than this edition's \(Self.schemaVersion); "
                                    + "upgrade edition", sqlState: nil, connectionLost: false)
            }
            for statement in Self.migrations.dropFirst(version).joined() { try connection.query(statement) }
            if rows.isEmpty {
                try connection.query("INSERT INTO edition_schema (version) VALUES ($1)", ["\(Self.schemaVersion)"])
            } else if version < Self.schemaVersion {
                try connection.query("UPDATE edition_schema SET version = $1", ["\(Self.schemaVersion)"])
            }
        }
    }

    /// Queues the requests, in one transaction, and wakes the workers; returns their ids.
    public func add(_ requests: [JobRequest], attempts: Int) throws -> [Int64] {
        try connection.transaction {
            let ids = try requests.map { request in
                let rows = try connection.query("INSERT INTO edition_jobs (kind, request, max_attempts) VALUES ($1, $2::jsonb, $3) RETURNING id",
                                                [request.kind.rawValue, request.encoded(), "\(attempts)"])
                return (rows.first?.first ?? nil).flatMap { Int64($0) } ?? 0
            }
            try connection.query("SELECT pg_notify($1, '')", [Self.channel])
            return ids
        }
    }

    /// Takes the oldest job that is ready, or whose worker let its lease run out, for `worker`
    /// for `lease` seconds; nil when there is none. A job whose lease ran out on its last
    /// attempt ends `failed` instead.
    public func claim(worker: String, lease: Double) throws -> ClaimedJob? {
        try connection.query("""
            UPDATE edition_jobs SET state = 'failed', finished = now(), lease_until = NULL,
                message = format('its worker (%s) stopped renewing its lease on attempt %s of %s', worker, attempts, max_attempts)
            WHERE state = 'running' AND lease_until < now() AND attempts >= max_attempts
            """)
        let rows = try connection.query("""
            WITH next AS (
                SELECT id FROM edition_jobs
                WHERE (state = 'queued' AND not_before <= now()) OR (state = 'running' AND lease_until < now())
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE edition_jobs j SET state = 'running', worker = $1, attempts = j.attempts + 1, started = now(),
                lease_until = now() + make_interval(secs => $2::float8)
            FROM next WHERE j.id = next.id
            RETURNING j.id, j.request::text, j.attempts, j.max_attempts
            """, [worker, "\(lease)"])
        guard let row = rows.first, let id = row[0].flatMap({ Int64($0) }), let text = row[1] else { return nil }
        let request: JobRequest
        do {
            request = try JobRequest.decode(text)
        } catch {
            try fail(id, worker: worker, message: "job \(id) is not a request this edition understands: \(error)", retry: false)
            return try claim(worker: worker, lease: lease)
        }
        return ClaimedJob(id: id, request: request, attempt: Int(row[2] ?? "") ?? 1, attempts: Int(row[3] ?? "") ?? 1)
    }

    /// Extends the lease of each job `worker` still holds; returns those it holds.
    public func renew(_ ids: [Int64], worker: String, lease: Double) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let rows = try connection.query("""
            UPDATE edition_jobs SET lease_until = now() + make_interval(secs => $3::float8)
            WHERE id = ANY($1::bigint[]) AND worker = $2 AND state = 'running' RETURNING id
            """, ["{\(ids.map(String.init).joined(separator: ","))}", worker, "\(lease)"])
        return Set(rows.compactMap { $0.first.flatMap { $0.flatMap { Int64($0) } } })
    }

    /// Marks a job `worker` holds done; false when it no longer holds it (its lease ran out
    /// and another worker took it).
    @discardableResult
    public func finish(_ id: Int64, worker: String, episode: String, note: String? = nil) throws -> Bool {
        try !connection.query(Self.announcing("""
            UPDATE edition_jobs SET state = 'done', finished = now(), lease_until = NULL, episode = $3, message = $4
            WHERE id = $1 AND worker = $2 AND state = 'running' RETURNING id
            """), ["\(id)", worker, episode, note]).isEmpty
    }

    /// `update` (an UPDATE ... RETURNING), with a notification to idle workers when it
    /// changed a job, in the same statement: a job that ends may be the last one an
    /// `--until-empty` worker waits for, and one queued again is work.
    private static func announcing(_ update: String) -> String {
        "WITH changed AS (\(update)) SELECT changed.*, pg_notify('\(channel)', '') FROM changed"
    }

    public enum Failed: Equatable, Sendable {
        /// Queued again, for attempt `next` of `of`.
        case retrying(next: Int, of: Int)
        /// Failed for good.
        case failed
        /// Another worker holds it now.
        case lost
    }

    /// Records a failure of a job `worker` holds: queued again after a pause while attempts
    /// remain (and `retry` allows), else failed for good, with the message.
    @discardableResult
    public func fail(_ id: Int64, worker: String, message: String, retry: Bool = true) throws -> Failed {
        let rows = try connection.query(Self.announcing("""
            UPDATE edition_jobs SET message = $3, lease_until = NULL,
                state = CASE WHEN $4::boolean AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
                finished = CASE WHEN $4::boolean AND attempts < max_attempts THEN NULL ELSE now() END,
                not_before = now() + make_interval(secs => attempts)
            WHERE id = $1 AND worker = $2 AND state = 'running' RETURNING state, attempts, max_attempts
            """), ["\(id)", worker, message, retry ? "true" : "false"])
        guard let row = rows.first else { return .lost }
        return row[0] == "queued" ? .retrying(next: (Int(row[1] ?? "") ?? 0) + 1, of: Int(row[2] ?? "") ?? 0) : .failed
    }

    /// Gives a job back to the queue untouched, as if never claimed (a worker told to stop).
    public func release(_ id: Int64, worker: String) throws {
        try connection.query(Self.announcing("""
            UPDATE edition_jobs SET state = 'queued', worker = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0)
            WHERE id = $1 AND worker = $2 AND state = 'running' RETURNING id
            """), ["\(id)", worker])
    }

    /// One job's state, episode and message; nil when there is no such job.
    public func job(_ id: Int64) throws -> (state: String, episode: String?, message: String?)? {
        guard let row = try connection.query("SELECT state, episode, message FROM edition_jobs WHERE id = $1", ["\(id)"]).first else { return nil }
        return (row[0] ?? "", row[1] ?? nil, row[2] ?? nil)
    }

    /// Jobs queued or running.
    public func open() throws -> Int {
        Int(try connection.query("SELECT count(*) FROM edition_jobs WHERE state IN ('queued', 'running')").first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    /// True when no job is queued or running: nothing left for anyone to do.
    public func isEmpty() throws -> Bool {
        try connection.query("SELECT 1 FROM edition_jobs WHERE state IN ('queued', 'running') LIMIT 1").isEmpty
    }

    public func status() throws -> QueueStatus {
        var status = QueueStatus()
        for row in try connection.query("SELECT state, count(*) FROM edition_jobs GROUP BY state") {
            let count = Int(row[1] ?? "") ?? 0
            switch row[0] {
            case "queued": status.queued = count
            case "running": status.running = count
            case "done": status.done = count
            case "failed": status.failed = count
            default: break
            }
        }
        status.failures = try connection.query("""
            SELECT id, kind, request::text, attempts, coalesce(message, '') FROM edition_jobs WHERE state = 'failed' ORDER BY id
            """).map { row in
            let request = try? JobRequest.decode(row[2] ?? "")
            return .init(id: Int64(row[0] ?? "") ?? 0, kind: row[1] ?? "", sources: request?.sources ?? [],
                         attempts: Int(row[3] ?? "") ?? 0, message: row[4] ?? "")
        }
        return status
    }

    /// Waits up to `seconds` for `add` (or a retry) to announce work; true when it did.
    public func waitForWork(seconds: Double) throws -> Bool {
        if !listening {
            try connection.query("LISTEN \(Self.channel)")
            listening = true
        }
        return try connection.waitForNotification(seconds: seconds)
    }

    /// Connects again after the connection was lost; listens again if it listened.
    public func reconnect() throws {
        try connection.reconnect()
        if listening { try connection.query("LISTEN \(Self.channel)") }
    }
}
