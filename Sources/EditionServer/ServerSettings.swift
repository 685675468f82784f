import AudioEdition
import Foundation

public struct ServerSettings: Sendable {
    public var output: OutputFolder
    public var host = "127.0.0.1"
    public var port = 8080
    /// Bearer tokens, one of which every change needs; none, and no token is asked for.
    public var tokens: [String] = []
    /// Request bodies past this are refused with `413`.
    public var bodyLimit = 20 * 1024 * 1024
    /// Jobs queued or running past this are refused with `429`.
    public var queueLimit = 64
    /// Told of every episode published or removed.
    public var webhooks: Webhooks?
    /// The address the output folder is published at, for the addresses in webhooks.
    public var publicURL = "http://127.0.0.1:8080/"
    /// The PostgreSQL queue that takes the jobs instead of this server (a libpq URI).
    public var queue: String?

    public init(output: OutputFolder) {
        self.output = output
    }
}
