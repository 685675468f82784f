import ArgumentParser
import AudioEdition
import EditionServer
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API a CMS calls, and the output folder's files.",
        discussion: """
        POST /v1/articles takes an article (by url, or inline html, text or markdown) and answers \
        202 with a job; GET /v1/jobs/{id}, GET /v1/episodes[/{id}] and DELETE /v1/episodes/{id} \
        follow it; GET /v1/openapi.json describes them all. Everything published in the output \
        folder is served under /, with ranges and validators. Jobs are journaled in \
        <output>/.jobs before they are accepted, and a server started again does every job it \
        had not finished. SIGTERM stops accepting, finishes the running job, and exits 0.
        """
    )

    @OptionGroup var episode: EpisodeOptions

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("File of bearer tokens, one a line, one of which every POST and DELETE needs.", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Jobs queued or running before a POST is answered 429.", valueName: "n"))
    var queueLimit = 64

    @Option(help: ArgumentHelp("Put jobs in this PostgreSQL queue for `edition queue work` processes to do, instead of doing them here.",
                               valueName: "url"))
    var queue: String?

    @Option(help: ArgumentHelp("Address to POST to when an episode is published or deleted.", valueName: "url"))
    var webhook: String?

    @Option(help: ArgumentHelp("File whose content (less its trailing newline) signs each webhook, HMAC-SHA256.", valueName: "file"))
    var webhookSecretFile: String?

    var address: (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func validate() throws {
        guard address != nil else { throw ValidationError("--listen '\(listen)' is not HOST:PORT (for example 127.0.0.1:8080)") }
        guard queueLimit >= 1 else { throw ValidationError("--queue-limit must be 1 or more") }
        if let webhook, !HTTPClient.isURL(webhook) { throw ValidationError("--webhook '\(webhook)' is not an http(s) address") }
        if webhookSecretFile != nil, webhook == nil { throw ValidationError("--webhook-secret-file needs --webhook") }
    }

    func run() throws {
        let options = try episode.runOptions()
        var settings = ServerSettings(output: options.output.folder)
        if let address {
            settings.host = address.host
            settings.port = address.port
        }
        settings.queueLimit = queueLimit
        if let tokenFile {
            settings.tokens = try Self.tokens(tokenFile)
        }
        settings.publicURL = options.publishing.channel.map(\.base)
            ?? "http://\(listen)/"
        if let webhook {
            var secret: Data?
            if let webhookSecretFile {
                guard let data = FileManager.default.contents(atPath: webhookSecretFile) else {
                    report("\(webhookSecretFile): cannot read the webhook secret file")
                    throw ExitCode.failure
                }
                let content = data.last == 0x0A ? data.dropLast() : data
                secret = content
                guard !content.isEmpty else {
                    report("\(webhookSecretFile): the webhook secret file is empty")
                    throw ExitCode.failure
                }
            }
            do {
                settings.webhooks = try Webhooks(url: webhook, secret: secret)
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        }
        var newsroom = EditionNewsroom(options: options, library: try episode.voiceOptions.library())
        newsroom.profile = episode.profile
        newsroom.baseURL = episode.baseURL
        newsroom.voice = episode.voice
        if let queue {
            settings.queue = queue
            do {
                newsroom.publication = PublicationLock(shared: try AdvisoryLock(url: queue), wait: 60)
            } catch {
                report("\(error)")
                throw ExitCode.failure
            }
        }
        let failure = Failure()
        let done = DispatchSemaphore(value: 0)
        Task { [settings] in
            do {
                try await APIServer.run(settings, newsroom: newsroom) { address in
                    FileHandle.standardOutput.write(Data("edition: serving \(options.output.folder.root.path) on http://\(address)/\n".utf8))
                }
            } catch {
                failure.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let message = failure.message {
            report(message)
            throw ExitCode.failure
        }
    }

    /// The tokens in `path`, one a line; the file is named in the error, the tokens never.
    static func tokens(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            report("\(path): cannot read the token file")
            throw ExitCode.failure
        }
        let tokens = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !tokens.isEmpty else {
            report("\(path): the token file holds no token")
            throw ExitCode.failure
        }
        return tokens
    }

    /// A failure handed from the server's task to the command's thread.
    final class Failure: @unchecked Sendable {
        private let lock = NSLock()
        private var text: String?
        var message: String? { lock.withLock { text } }
        func set(_ message: String) { lock.withLock { text = message } }
    }
}
