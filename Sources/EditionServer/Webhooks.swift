import AudioEdition
import Foundation

/// POSTs `{"event": "episode.published" | "episode.deleted", "episode": {...}}` to the CMS's
/// address when an episode is published or removed, signed with
/// `X-Edition-Signature: sha256=<HMAC-SHA256 of the body under the secret, in hex>`.
/// Deliveries go one at a time, in order, on a thread of their own; one that fails is tried
/// again after 1, 2, 4 ... seconds, for `patience` seconds in all, and then given up with
/// one line on stderr.
public final class Webhooks: @unchecked Sendable {
    public enum Event: String, Sendable {
        case published = "episode.published"
        case deleted = "episode.deleted"
    }

    private let url: String
    private let secret: Data?
    private let patience: Double
    private let client: HTTPClient
    private let condition = NSCondition()
    private var queue: [Data] = []
    private var sending = false

    /// `secret` is the secret file's content without its trailing newline; without one,
    /// deliveries are not signed.
    public init(url: String, secret: Data?, patience: Double = 300) throws {
        self.url = url
        self.secret = secret
        self.patience = patience
        client = try HTTPClient(settings: FetchSettings(timeout: 10))
        let thread = Thread { [self] in loop() }
        thread.name = "edition-webhooks"
        thread.start()
    }

    func send(_ event: Event, _ episode: EpisodeView) {
        guard let body = try? JSONEncoder.canonical().encode(Delivery(event: event.rawValue, episode: episode)) else { return }
        condition.withLock {
            queue.append(body)
            condition.signal()
        }
    }

    /// Waits up to `seconds` for the deliveries in hand to be made or given up.
    public func drain(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        condition.withLock {
            while !queue.isEmpty || sending, condition.wait(until: deadline) {}
        }
    }

    /// The signature header's value for `body`.
    public static func signature(of body: Data, secret: Data) -> String {
        "sha256=" + HMAC.sha256(key: secret, message: body)
    }

    private struct Delivery: Encodable {
        var event: String
        var episode: EpisodeView
    }

    private func loop() {
        while true {
            let body: Data = condition.withLock {
                while queue.isEmpty { condition.wait() }
                sending = true
                return queue.removeFirst()
            }
            deliver(body)
            condition.withLock {
                sending = false
                condition.broadcast()
            }
        }
    }

    private func deliver(_ body: Data) {
        let headers = ["Content-Type: application/json"] + (secret.map { ["X-Edition-Signature: \(Self.signature(of: body, secret: $0))"] } ?? [])
        let giveUp = Date().addingTimeInterval(patience)
        var wait = 1.0
        var last = ""
        while true {
            do {
                let status = try client.post(url, body: body, headers: headers)
                if (200..<300).contains(status) { return }
                last = "HTTP \(status)"
            } catch {
                last = error.reason
            }
            guard Date().addingTimeInterval(wait) < giveUp else { break }
            Thread.sleep(forTimeInterval: wait)
            wait = min(wait * 2, 60)
        }
        FileHandle.standardError.write(Data("edition: webhook \(url): gave up after \(Int(patience)) s: \(last)\n".utf8))
    }
}
