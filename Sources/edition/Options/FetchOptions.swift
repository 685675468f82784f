import ArgumentParser
import AudioEdition

/// Flags every command that can fetch a source from an http(s) address shares.
struct FetchOptions: ParsableArguments {
    @Option(name: .customLong("header"), help: ArgumentHelp("A request header for sites that need one, 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("Seconds a fetch may take, redirects included.", valueName: "s"))
    var fetchTimeout = 60.0

    var settings: FetchSettings { FetchSettings(headers: headers, timeout: fetchTimeout) }

    func validate() throws {
        for header in headers {
            let name = header.prefix { $0 != ":" }
            guard name.count < header.count, !name.isEmpty, !name.contains(" "), !header.contains(where: \.isNewline) else {
                throw ValidationError("--header '\(header)' is not 'Name: value'")
            }
        }
        guard fetchTimeout > 0 else { throw ValidationError("--fetch-timeout must be more than 0") }
    }
}
