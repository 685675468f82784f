import Foundation
import Testing
@testable import AudioEdition

@Suite struct ManifestTests {
    static func sampleEpisode(id: String = "story-1234abcd", revision: Int = 1) -> Manifest.Episode {
        Manifest.Episode(
            id: id, kind: "article", title: "A title", revision: revision,
            source: .init(path: "/news/story.txt", sha256: String(repeating: "a", count: 64)),
            voice: .init(name: "newsreader", sha256: String(repeating: "b", count: 64)),
            engine: "espeak-ng 1.51",
            files: [.init(path: "\(id)/\(id)-r1.flac", format: "flac", sampleRate: 22050, duration: 12.5, bytes: 1000,
                          sha256: String(repeating: "c", count: 64))],
            transcript: "\(id)/\(id)-r1.vtt",
            segments: [.init(key: String(repeating: "d", count: 64), role: "title", start: 0.3, end: 1.5)],
            created: Date(timeIntervalSince1970: 1_700_000_000), updated: Date(timeIntervalSince1970: 1_700_000_100))
    }

    @Test func roundTripsThroughJSON() throws {
        let manifest = Manifest(episodes: [Self.sampleEpisode()])
        #expect(try Manifest.decode(manifest.encoded()) == manifest)
    }

    @Test func encodesTheFixedSchemaOneKeyNames() throws {
        let object = try JSONSerialization.jsonObject(with: Manifest(episodes: [Self.sampleEpisode()]).encoded()) as? [String: Any]
        #expect(object?["schema"] as? Int == 1)
        let episode = try #require((object?["episodes"] as? [[String: Any]])?.first)
        for key in ["id", "kind", "title", "revision", "source", "voice", "engine", "files", "transcript", "created", "updated"] {
            #expect(episode[key] != nil, "missing \(key)")
        }
        #expect(Set((episode["source"] as? [String: Any])?.keys.map { $0 } ?? []) == ["path", "sha256"])
        #expect(Set((episode["voice"] as? [String: Any])?.keys.map { $0 } ?? []) == ["name", "sha256"])
        let file = try #require((episode["files"] as? [[String: Any]])?.first)
        #expect(Set(file.keys) == ["path", "format", "sampleRate", "duration", "bytes", "sha256"])
        #expect(episode["created"] as? String == "2023-11-14T22:13:20Z")
    }

    @Test func decodesAHandWrittenManifest() throws {
        let manifest = try Manifest.decode(Data(contentsOf: fixture("manifest-v1.json")))
        #expect(manifest.episodes.map(\.id) == ["kyiv-independent-2023-11-17-0a1b2c3d"])
        #expect(manifest.episodes[0].files[0].duration == 63.25)
        #expect(manifest.episodes[0].revision == 2)
    }

    /// Files are written and removed by the manifest's names: one pointing outside an
    /// episode's own folder is refused as it stands, and left untouched.
    @Test(arguments: [("../escape", nil), ("/abs", nil), (".hidden", nil), ("ok", "../../etc/passwd"), ("ok", "/etc/passwd"),
                      ("ok", "other/ok-r1.flac"), ("ok", "ok/../../x"), ("ok", "ok"), ("ok", "ok//x")] as [(String, String?)])
    func pathsOutsideTheEpisodeFolderAreRefused(id: String, path: String?) throws {
        var episode = Self.sampleEpisode(id: id)
        if let path { episode.files[0].path = path }
        #expect(episode.strayPath != nil)
        let folder = try TemporaryFolder()
        let url = try folder.write("manifest.json", Manifest(episodes: [Self.sampleEpisode(), episode]).encoded())
        let before = try Data(contentsOf: url)
        #expect(throws: ManifestError.self) { try ManifestStore(output: OutputFolder(folder.url)).load() }
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func episodeFilesInsideTheirFolderAreFine() {
        var episode = Self.sampleEpisode(id: "a-1")
        episode.wordTranscript = "a-1/a-1-r1.transcript.json"
        #expect(episode.strayPath == nil)
        #expect(Manifest(episodes: [episode, Self.sampleEpisode()]).strayPath == nil)
    }

    @Test func upsertReplacesByIdAndKeepsOrder() {
        var manifest = Manifest(episodes: [Self.sampleEpisode(id: "a"), Self.sampleEpisode(id: "b")])
        manifest.upsert(Self.sampleEpisode(id: "a", revision: 2))
        manifest.upsert(Self.sampleEpisode(id: "c"))
        #expect(manifest.episodes.map(\.id) == ["a", "b", "c"])
        #expect(manifest.episode(id: "a")?.revision == 2)
    }

    @Test func storeStartsEmptySavesAtomicallyAndLeavesNoTemporaries() throws {
        let folder = try TemporaryFolder()
        let store = ManifestStore(output: OutputFolder(folder.url))
        #expect(try store.load() == Manifest())
        let manifest = Manifest(episodes: [Self.sampleEpisode()])
        try store.save(manifest)
        #expect(try store.load() == manifest)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path + "/.cache/tmp").isEmpty)
    }

    @Test(arguments: ["{not json", "{\"schema\": 2, \"episodes\": []}", "{\"schema\": 1}"])
    func unreadableManifestIsReportedAndLeftUntouched(contents: String) throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("manifest.json", contents)
        let store = ManifestStore(output: OutputFolder(folder.url))
        #expect(throws: ManifestError.self) { try store.load() }
        #expect(try String(contentsOf: url, encoding: .utf8) == contents)
    }
}
