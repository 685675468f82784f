import ArgumentParser
import AudioEdition
import Foundation

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Share the work among machines through a job queue in PostgreSQL.",
        discussion: """
        `queue add` puts jobs in the queue, `queue work` runs on each machine and makes them, \
        and `queue status` counts them. Every machine mounts the output folders and the \
        segment cache at the same paths. --queue is a libpq connection URI, for example \
        postgresql://edition@/edition?host=/run/postgresql, or $EDITION_QUEUE.
        """,
        subcommands: [QueueAddCommand.self, QueueWorkCommand.self, QueueStatusCommand.self]
    )
}

/// `--queue`, or `$EDITION_QUEUE`.
struct QueueOption: ParsableArguments {
    @Option(help: ArgumentHelp("PostgreSQL connection URI (default: $EDITION_QUEUE).", valueName: "url"))
    var queue: String?

    var url: String {
        get throws {
            if let queue { return queue }
            if let url = ProcessInfo.processInfo.environment["EDITION_QUEUE"], !url.isEmpty { return url }
            throw ValidationError("give the queue's PostgreSQL URI with --queue (or $EDITION_QUEUE)")
        }
    }

    func validate() throws { _ = try url }

    /// The queue, or the reason it cannot be reached, reported.
    func open() throws -> JobQueue {
        do {
            return try JobQueue(url: try url)
        } catch let error as DatabaseError {
            report("queue: \(error)")
            throw ExitCode.failure
        }
    }
}

