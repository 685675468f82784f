import Foundation
@testable import AudioEdition

/// The checkout's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let voicesFolder = repositoryRoot.appendingPathComponent("Voices")

func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
}

/// A fresh, empty folder that is removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("audioedition-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> URL {
        try write(name, Data(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }
}

/// The `edition` binary built beside this test bundle (or `$EDITION_BIN`): the program every
/// run starts its speech workers from, as `edition worker`.
let editionBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["EDITION_BIN"] { return URL(fileURLWithPath: path) }
    return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("edition")
}()

/// One speech worker running the built `edition`; `swift build --build-tests` makes it.
func oneWorker() throws -> WorkerPool.Settings {
    guard FileManager.default.isExecutableFile(atPath: editionBinary.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: editionBinary.path])
    }
    return WorkerPool.Settings(count: 1, executable: editionBinary)
}

/// Short articles for runs that speak: a headline and two or three sentences each.
enum Stories {
    static let ferry = "Harbour ferry returns after winter repairs\n\nThe city's oldest ferry went back into service on Monday morning.\n\nCrews replaced both engines and rebuilt the deck.\n\nFares are unchanged.\n"
    static let orchestra = "Youth orchestra wins national title\n\nThe orchestra won the championship for the first time.\n\nThe judges praised its string section.\n"
}

/// An output folder and its segment cache, inside `folder`.
func outputFolder(in folder: TemporaryFolder) -> (folder: OutputFolder, cache: SegmentCache) {
    let output = OutputFolder(folder.url.appendingPathComponent("out"))
    return (output, SegmentCache(folder: nil, output: output))
}

/// What the manifest in `output` says now.
func manifest(of output: OutputFolder) throws -> Manifest {
    try ManifestStore(output: output).load()
}

/// A sine of `frequency` Hz at `amplitude` (of full scale), `seconds` long.
func sine(_ frequency: Double, amplitude: Double, seconds: Double, rate: Int) -> [Float] {
    (0..<Int(seconds * Double(rate))).map { Float(amplitude * sin(2 * .pi * frequency * Double($0) / Double(rate))) }
}
