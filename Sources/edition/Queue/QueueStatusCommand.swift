import ArgumentParser
import AudioEdition
import Foundation

struct QueueStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Count the queue's jobs by state, and list the ones that failed."
    )

    @OptionGroup var queue: QueueOption

    @Flag(help: "Print JSON: {\"queued\": n, \"running\": n, \"done\": n, \"failed\": n, \"failures\": [...]}.")
    var json = false

    func run() throws {
        let status: QueueStatus
        do {
            status = try queue.open().status()
        } catch let error as DatabaseError {
            report("queue: \(error)")
            throw ExitCode.failure
        }
        if json {
            print(status.json())
            return
        }
        print("queued \(status.queued), running \(status.running), done \(status.done), failed \(status.failed)")
        for failure in status.failures {
            print("job \(failure.id) (\(failure.kind) \(failure.sources.joined(separator: ", "))) failed after \(failure.attempts) attempts: \(failure.message)")
        }
    }
}
