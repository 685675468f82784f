import Foundation

/// One step of a streamed pass run on a thread of its own: items are handled in the order
/// sent, at most `depth` behind the sender, so the pass uses another core and its memory
/// stays bounded. The first error stops the stage and is thrown to the sender.
///
/// `@unchecked Sendable`: `body` and what it captures are used only on the stage's serial
/// queue, and `failure` only under the lock.
final class BackgroundStage<Item: Sendable>: @unchecked Sendable {
    private let queue: DispatchQueue
    private let room: DispatchSemaphore
    private let lock = NSLock()
    private var failure: (any Error)?
    private let body: (Item) throws -> Void

    init(_ label: String, depth: Int = 4, body: @escaping (Item) throws -> Void) {
        queue = DispatchQueue(label: "audioedition.\(label)")
        room = DispatchSemaphore(value: depth)
        self.body = body
    }

    func send(_ item: Item) throws {
        try rethrowFailure()
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do { try body(item) } catch { lock.withLock { failure = error } }
        }
    }

    /// Waits for every item sent so far.
    func finish() throws {
        queue.sync {}
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
