import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let voicesFolder = repositoryRoot.appendingPathComponent("Voices")

func fixture(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
}

/// The `edition` binary built beside this test bundle (or `$EDITION_BIN`).
let editionBinary: URL = {
    if let path = ProcessInfo.processInfo.environment["EDITION_BIN"] { return URL(fileURLWithPath: path) }
    return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("edition")
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The `edition: error:` lines of stderr, without the progress and summary lines.
    var errors: String {
        stderr.split(separator: "\n").filter { $0.hasPrefix("edition: error: ") }.map { $0 + "\n" }.joined()
    }

    /// The run's closing summary line, when it printed one.
    var summary: String? {
        stderr.split(separator: "\n").last { $0.hasPrefix("edition: ") && $0.contains(" made, ") }.map(String.init)
    }
}

/// Runs a program to completion with its output captured in files, so a chatty run can't
/// fill a pipe and stall.
func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("edition-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: try String(contentsOf: out, encoding: .utf8),
                     stderr: try String(contentsOf: err, encoding: .utf8))
}

func edition(_ arguments: String...) throws -> RunResult {
    try run(editionBinary, arguments)
}

/// A WebVTT file as a person reads it: the cue-internal word timestamps taken out.
func withoutWordTimes(_ vtt: String) -> String {
    vtt.replacingOccurrences(of: #" <\d\d:\d\d:\d\d\.\d\d\d>"#, with: " ", options: .regularExpression)
}

/// ffprobe's description of a media file: format, streams and chapters.
func ffprobe(_ url: URL) throws -> [String: Any] {
    let result = try run(URL(fileURLWithPath: "/usr/bin/ffprobe"),
                         ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_chapters", url.path])
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
}

/// Integrated loudness (dual mono, as the master is made) and true peak by ffmpeg's meter.
func ebur128(_ url: URL) throws -> (loudness: Double, truePeak: Double) {
    let result = try run(URL(fileURLWithPath: "/usr/bin/ffmpeg"),
                         ["-hide_banner", "-nostats", "-i", url.path, "-af", "ebur128=peak=true:dualmono=true", "-f", "null", "-"])
    func value(after label: String) -> Double? {
        guard let line = result.stderr.split(separator: "\n").last(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }) else { return nil }
        return line.split(separator: " ").compactMap { Double($0) }.first
    }
    return (try #require(value(after: "I:")), try #require(value(after: "Peak:")))
}

/// A fresh, empty folder that is removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("edition-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Other users (the unreadable-file test runs as nobody) must be able to look inside.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }

    /// Every file below `url`, relative, with its bytes.
    /// Every file below `url` with its bytes, but the output lock, which a writing run
    /// takes before it looks at anything.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil, options: [])
        while let next = enumerator?.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: next.path, isDirectory: &isDirectory)
            if !isDirectory.boolValue, next.lastPathComponent != ".lock" {
                files[String(next.path.dropFirst(url.path.count + 1))] = (try? Data(contentsOf: next)) ?? Data()
            }
        }
        return files
    }
}
