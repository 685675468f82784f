import Foundation
import Hummingbird

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
