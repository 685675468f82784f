import AudioEdition
import Foundation
import Hummingbird

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
