import Foundation

/// What `edition status` says of an episode, from hashing its sources; nothing is spoken.
public enum EpisodeState: String, Sendable {
    case upToDate = "up to date"
    case stale = "stale"
    case sourceMissing = "source missing"
    /// A fetched source could not be asked: the network or the server failed.
    case unreachable = "unreachable"
}

public enum EpisodeStatus {
    /// Compares the episode's sources with what the manifest recorded; a page is asked
    /// conditionally through `reader`, and a 304 is up to date.
    public static func state(of episode: Manifest.Episode, reader: SourceReader = SourceReader()) -> EpisodeState {
        if episode.kind == "briefing", let request = episode.request {
            guard request.sources.allSatisfy({ HTTPClient.isURL($0) || FileNameBytes.exists($0) }) else { return .sourceMissing }
            var stories = (try? request.sources.flatMap { try BriefingEditor.stories(at: $0, fetch: reader.fetch) }) ?? []
            stories = BriefingEditor.selected(stories, newest: request.newest, cap: request.maxStories ?? BriefingProfile.defaultMaxStories)
            return stories.map(\.sha256) == (episode.stories ?? []).map(\.sha256) ? .upToDate : .stale
        }
        do {
            guard let source = try reader.read(episode.source) else { return .upToDate }
            return source.sha256 == episode.source.sha256 ? .upToDate : .stale
        } catch is SourceReader.Gone {
            return .sourceMissing
        } catch let error as ArticleError {
            if case .fetch = error.problem { return .unreachable }
            return .stale
        } catch {
            return .unreachable
        }
    }
}

/// The way back from a damaged manifest: every revision is also described by
/// `<id>/<id>-r<n>.episode.json` beside its files, and `rebuild` makes a manifest from the
/// newest description of each episode whose files are all there.
public enum ManifestRecovery {
    public struct Report: Sendable {
        public var episodes: Int
        /// Where the unreadable manifest was moved, if there was one.
        public var setAside: String?
    }

    public static func rebuild(_ output: OutputFolder, force: Bool = false) throws -> Report {
        let store = ManifestStore(output: output)
        let exists = FileManager.default.fileExists(atPath: store.url.path)
        if exists, !force, (try? store.load()) != nil {
            throw OutputError(path: store.url.path, problem: "the manifest is readable; nothing to rebuild (--force rebuilds it anyway)")
        }
        var episodes: [Manifest.Episode] = []
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: output.root.path)) ?? []
        for folder in folders.sorted() where !folder.hasPrefix(".") {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: output.url(relative: folder).path)) ?? []
            let described = names.filter { $0.hasSuffix(".episode.json") }.compactMap { name -> Manifest.Episode? in
                guard let data = FileManager.default.contents(atPath: output.url(relative: "\(folder)/\(name)").path) else { return nil }
                return (try? Manifest.decodeEpisode(data)).flatMap { $0.id == folder && $0.strayPath == nil ? $0 : nil }
            }
            let whole = described.filter { episode in
                (episode.files.map(\.path) + [episode.transcript]).allSatisfy { FileManager.default.fileExists(atPath: output.url(relative: $0).path) }
            }
            if let newest = whole.max(by: { $0.revision < $1.revision }) { episodes.append(newest) }
        }
        var setAside: String?
        if exists {
            let stamp = Int(Date().timeIntervalSince1970)
            let aside = store.url.deletingLastPathComponent().appendingPathComponent("manifest.json.damaged-\(stamp)")
            try AtomicFile.move(store.url, to: aside)
            setAside = aside.path
        }
        var manifest = Manifest()
        for episode in episodes.sorted(by: { $0.created < $1.created }) { manifest.upsert(episode) }
        try store.save(manifest)
        return Report(episodes: manifest.episodes.count, setAside: setAside)
    }
}
