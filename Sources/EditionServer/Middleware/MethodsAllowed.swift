import Foundation
import Hummingbird

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
