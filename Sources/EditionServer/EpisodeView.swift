import AudioEdition
import Foundation

/// An episode as the API shows it: what the manifest says, less the segment list, with an
/// address for each file and for the player page.
struct EpisodeView: Encodable {
    struct File: Encodable {
        var format: String
        var path: String
        var url: String
        var bytes: Int
        var duration: Double
        var sampleRate: Int
    }

    struct Transcript: Encodable {
        var path: String
        var url: String
    }

    var id: String
    var kind: String
    var title: String
    var revision: Int
    var language: String?
    var source: String
    var voice: String
    var created: Date
    var updated: Date
    var files: [File]
    var transcript: Transcript
    var player: String

    /// `base` is the address the output folder is served from, ending in "/".
    init(_ episode: Manifest.Episode, base: String) {
        id = episode.id
        kind = episode.kind
        title = episode.title
        revision = episode.revision
        language = episode.language
        source = episode.source.identity ?? episode.source.path
        voice = episode.voice.name
        created = episode.created
        updated = episode.updated
        files = episode.files.map {
            File(format: $0.format, path: $0.path, url: base + $0.path, bytes: $0.bytes, duration: $0.duration, sampleRate: $0.sampleRate)
        }
        transcript = Transcript(path: episode.transcript, url: base + episode.transcript)
        player = base + "\(episode.id)/index.html"
    }
}

/// The manifest, read again only when the file changes: a GET of an episode costs a `stat`.
final class ManifestCache: @unchecked Sendable {
    private let store: ManifestStore
    private let path: String
    private let lock = NSLock()
    private var stamp: [Int] = []
    private var manifest = Manifest()

    init(output: OutputFolder) {
        store = ManifestStore(output: output)
        path = output.root.appendingPathComponent("manifest.json").path
    }

    func current() throws -> Manifest {
        var info = stat()
        let now = stat(path, &info) == 0
            ? [Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)] : []
        return try lock.withLock {
            if now != stamp || now.isEmpty {
                manifest = try store.load()
                stamp = now
            }
            return manifest
        }
    }
}
