import Foundation

/// The OpenAPI 3.1 description of the API, `openapi.json` in this target's resources, served
/// at `/v1/openapi.json`. A test holds it to what the server answers.
enum OpenAPI {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "openapi.json is missing from the edition_EditionServer resource bundle beside the binary" }
    }

    static func document() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw Missing() }
        return try Data(contentsOf: url)
    }
}
