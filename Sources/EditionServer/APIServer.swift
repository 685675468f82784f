import AudioEdition
import Foundation
import Hummingbird
import Logging
import NIOCore

/// What the server does with the work it accepts, given by the command that starts it:
/// it knows the voices, formats and mastering a run takes.
public protocol Newsroom: Sendable {
    /// Refuses a request that `edition article` would refuse, with its message.
    func check(_ request: ArticleRequest) throws(RequestRefused)
    /// Refuses a briefing that `edition briefing` would refuse, with its message.
    func check(_ briefing: BriefingRequest) throws(RequestRefused)
    /// Makes the job's episode, or its next revision, and returns the episode's id and
    /// whether it was published now (false when it was already up to date).
    func perform(_ job: Job, journal: JobJournal) throws -> (episode: String, published: Bool)
    /// Removes an episode, its files and pages, and publishes the folder again; false when
    /// there is no such episode.
    func delete(episode id: String) throws -> Bool
    /// The queue's job for an accepted request (`--queue`), an article's or a briefing's:
    /// an inline article is written into the output folder, which every worker mounts.
    func queued(_ request: ArticleRequest, briefing: BriefingRequest?) throws -> JobRequest
}

/// A request refused before it is accepted: `400` for a body that is not a request, `422`
/// for a request that names what cannot be done (an unknown voice, an article with no text).
public struct RequestRefused: Error, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}

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
                try newsroom.perform(job, journal: journal)
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

/// Every refusal as `{"error": "message"}` with its status.
struct JSONErrors<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refused as RequestRefused {
            return APIServer.json(["error": refused.message], status: .init(code: refused.status))
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase.lowercased()
            return APIServer.json(["error": message], status: error.status, headers: error.headers)
        } catch let error as any HTTPResponseError {
            return APIServer.json(["error": error.status.reasonPhrase.lowercased()], status: error.status)
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return APIServer.json(["error": "\(error)"], status: .internalServerError)
        }
    }
}

/// A method the API's path does not take is `405` with `Allow`, rather than the `404` of a
/// path that is not there.
struct MethodsAllowed<Context: RequestContext>: RouterMiddleware {
    let routes: [(pattern: [String], methods: [HTTPRequest.Method])] = [
        (["v1", "articles"], [.post]),
        (["v1", "briefings"], [.post]),
        (["v1", "jobs", "*"], [.get, .head]),
        (["v1", "episodes"], [.get, .head]),
        (["v1", "episodes", "*"], [.get, .head, .delete]),
        (["v1", "openapi.json"], [.get, .head]),
        (["healthz"], [.get, .head]),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let parts = request.uri.path.split(separator: "/").map(String.init)
        if let route = routes.first(where: { $0.pattern.count == parts.count && zip($0.pattern, parts).allSatisfy { $0 == "*" || $0 == $1 } }),
           !route.methods.contains(request.method) {
            throw HTTPError(.methodNotAllowed, headers: [.allow: route.methods.map(\.rawValue).joined(separator: ", ")],
                            message: "\(request.uri.path) takes \(route.methods.map(\.rawValue).joined(separator: " or "))")
        }
        return try await next(request, context)
    }
}

/// With tokens, a request that changes something (`POST`, `PUT`, `PATCH`, `DELETE` under
/// `/v1/`) needs `Authorization: Bearer TOKEN`; each token is compared in constant time.
struct BearerTokens<Context: RequestContext>: RouterMiddleware {
    let digests: [[UInt8]]

    init(tokens: [String]) {
        digests = tokens.map { Self.digest($0) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !digests.isEmpty, request.uri.path.hasPrefix("/v1/"), ![.get, .head, .options].contains(request.method) else {
            return try await next(request, context)
        }
        let header = request.headers[.authorization] ?? ""
        let given = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
        // Digests of equal length, compared whole: the time taken says nothing about how much
        // of a token was right, nor which one.
        let digest = Self.digest(given)
        var matched = false
        for known in digests {
            var difference: UInt8 = 0
            for (a, b) in zip(known, digest) { difference |= a ^ b }
            matched = matched || (difference == 0 && !given.isEmpty)
        }
        guard matched else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "a bearer token is needed to change anything here")
        }
        return try await next(request, context)
    }

    static func digest(_ token: String) -> [UInt8] {
        Array(SHA256.hex(token).utf8)
    }
}
