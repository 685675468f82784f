import AudioEdition
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `edition serve`: the API a CMS calls and the output folder's files, on Hummingbird.
public enum APIServer {
    /// Serves until SIGTERM or SIGINT; then stops accepting, lets the running job finish,
    /// and returns. `listening` hears the bound address once the socket is open.
    public static func run(_ settings: ServerSettings, newsroom: some Newsroom,
                           listening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let openAPI = try OpenAPI.document()
        let manifest = ManifestCache(output: settings.output)
        let store: any JobStore
        if let queue = settings.queue {
            store = try QueueStore(url: queue) { request, briefing in try newsroom.queued(request, briefing: briefing) }
        } else {
            let journal = try JobJournal(output: settings.output)
            let runner = JobRunner(journal: journal) { job in
                try newsroom.perform(job)
            } finished: { job, published in
                guard published, let webhooks = settings.webhooks, let id = job.episode,
                      let episode = try? manifest.current().episode(id: id) else { return }
                webhooks.send(.published, EpisodeView(episode, base: settings.publicURL))
            }
            store = JournalStore(journal: journal, runner: runner)
        }
        var logger = Logger(label: "edition")
        logger.logLevel = .warning
        let app = Application(
            router: router(settings, newsroom: newsroom, store: store, manifest: manifest, openAPI: openAPI, logger: logger),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "edition"),
            onServerRunning: { channel in
                listening(channel.localAddress.map { "\($0.ipAddress ?? settings.host):\($0.port ?? settings.port)" } ?? "")
            },
            logger: logger)
        try await app.runService()
        // Stopped accepting: the job in hand is finished, the rest wait in the journal, and
        // the webhooks of what was published get a few seconds to go out.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                store.stop()
                settings.webhooks?.drain(seconds: 10)
                done.resume()
            }.start()
        }
    }

    static func router(_ settings: ServerSettings, newsroom: some Newsroom, store: any JobStore,
                       manifest: ManifestCache, openAPI: Data, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(JSONErrors())
        router.middlewares.add(MethodsAllowed())
        router.middlewares.add(HiddenFiles())
        router.middlewares.add(FileMiddleware<BasicRequestContext, PublishedFiles>.published(settings.output.root, logger: logger))
        router.middlewares.add(BearerTokens(tokens: settings.tokens))

        router.get("healthz") { _, _ in json(["status": "ok"]) }
        router.get("v1/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }

        router.post("v1/articles") { request, context in
            let article = try await decode(ArticleRequest.self, request, limit: settings.bodyLimit, what: "an article request")
            try newsroom.check(article)
            return try accepted(try store.accept(article, briefing: nil, limit: settings.queueLimit), limit: settings.queueLimit)
        }

        router.post("v1/briefings") { request, context in
            let briefing = try await decode(BriefingRequest.self, request, limit: settings.bodyLimit, what: "a briefing request")
            try newsroom.check(briefing)
            return try accepted(try store.accept(ArticleRequest(), briefing: briefing, limit: settings.queueLimit), limit: settings.queueLimit)
        }

        router.get("v1/jobs/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let job = try store.job(id) else { throw HTTPError(.notFound, message: "no job \(id)") }
            return try encoded(job)
        }

        router.get("v1/episodes") { request, _ in
            let base = baseURL(request)
            return try encoded(["episodes": manifest.current().episodes.map { EpisodeView($0, base: base) }])
        }

        router.get("v1/episodes/:id") { request, context in
            let id = try context.parameters.require("id")
            guard let episode = try manifest.current().episode(id: id) else { throw HTTPError(.notFound, message: "no episode \(id)") }
            return try encoded(EpisodeView(episode, base: baseURL(request)))
        }

        router.delete("v1/episodes/:id") { _, context in
            let id = try context.parameters.require("id")
            let episode = try manifest.current().episode(id: id)
            let removed = try await store.exclusive { try newsroom.delete(episode: id) }
            guard removed else { throw HTTPError(.notFound, message: "no episode \(id)") }
            if let episode { settings.webhooks?.send(.deleted, EpisodeView(episode, base: settings.publicURL)) }
            return Response(status: .noContent)
        }
        return router
    }

    /// The body as `type`: `400` when it is not one.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int, what: String) async throws -> T {
        let body = try await collect(request, limit: limit)
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw RequestRefused(400, "request body is not \(what): \(describe(error))")
        }
    }

    /// `202` with the job's address, or `429` when the store was full.
    static func accepted(_ id: String?, limit: Int) throws -> Response {
        guard let id else {
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: "30"], message: "the job queue is full (\(limit) jobs); try again later")
        }
        return json(["id": id, "status": "queued"], status: .accepted, headers: [.location: "/v1/jobs/\(id)"])
    }

    /// The body, refused with `413` past `limit` bytes, before reading it when its length is
    /// declared.
    static func collect(_ request: Request, limit: Int) async throws -> Data {
        // The rest of the body is not read: the connection is closed after the answer.
        let tooLarge = HTTPError(.contentTooLarge, headers: [.connection: "close"], message: "request body is over the \(limit)-byte limit")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        do {
            return Data(buffer: try await request.body.collect(upTo: limit))
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// Where this server is reached, as the client addressed it: files' and pages' addresses
    /// in the API's answers start with it.
    static func baseURL(_ request: Request) -> String {
        guard let host = request.head.authority, !host.isEmpty else { return "/" }
        return "http://\(host)/"
    }

    static func json(_ object: [String: String], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encoded(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder.canonical().encode(value))))
    }

    /// A decoding error in a sentence: what was wrong, and where.
    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context):
            "\(path(context.codingPath)) should be \(type == String.self ? "a string" : "\(type)")"
        case let DecodingError.dataCorrupted(context):
            context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        case let DecodingError.keyNotFound(key, _): "\(key.stringValue) is missing"
        default: "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}

/// A job as `GET /v1/jobs/{id}` shows it.
struct JobView: Encodable {
    var id: String
    var status: String
    var episode: String?
    var error: String?

    init(_ job: Job) {
        self.init(id: job.id, status: job.status.rawValue, episode: job.episode, error: job.error)
    }

    init(id: String, status: String, episode: String?, error: String?) {
        (self.id, self.status, self.episode, self.error) = (id, status, episode, error)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        // Absent is written as null: a client reads every key.
        try container.encode(episode, forKey: .episode)
        try container.encode(error, forKey: .error)
    }

    enum CodingKeys: String, CodingKey { case id, status, episode, error }
}

