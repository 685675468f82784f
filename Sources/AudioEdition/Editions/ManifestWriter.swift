import Foundation

/// The one writer of a run's manifest: each finished episode is recorded as it completes,
/// by one atomic replacement, and the files of the revision it replaces are removed only
/// after that. Safe to call from several threads.
public final class ManifestWriter: @unchecked Sendable {
    private let store: ManifestStore
    private let output: OutputFolder
    private let lock = NSLock()
    private var current: Manifest
    private let publication: PublicationLock?

    /// Reads the manifest now, so an unreadable one stops the run before any work. With a
    /// `publication` lock, the caller holds no lock on the folder: each commit takes it and
    /// reads the manifest again under it, since other machines write it meanwhile.
    public init(output: OutputFolder, publication: PublicationLock? = nil) throws {
        self.output = output
        self.publication = publication
        store = ManifestStore(output: output)
        current = try store.load()
    }

    public var manifest: Manifest { lock.withLock { current } }

    /// Reads the manifest again, for a run that shares the folder and plans another article.
    public func reload() throws {
        let manifest = try store.load()
        lock.withLock { current = manifest }
    }

    /// The folder's lock for one publication, and the manifest as it is under it; nothing
    /// when the caller holds the folder for its whole run. Call with `lock` held.
    private func publishing() throws -> OutputLock? {
        guard let publication else { return nil }
        let held = try OutputLock(output, wait: publication.wait, shared: publication.shared)
        current = try store.load()
        return held
    }

    /// Records a finished episode: its description beside its files
    /// (`<id>-r<n>.episode.json`, from which `edition manifest rebuild` can recover), then
    /// the manifest, replaced in one rename. Only then are old revisions removed: every
    /// file of revision `n - keep` or older in the episode's folder. `extra` are files
    /// beyond the audio and transcript (chapters), removed with them if the manifest cannot
    /// be saved.
    /// `publish` runs after the manifest is saved and before anything old is removed, so
    /// the playlist and feed it writes never name a file that is gone.
    public func commit(_ episode: Manifest.Episode, replacing previous: Manifest.Episode?, extra: [String] = [], keep: Int = 1,
                       publish: (Manifest) throws -> Void = { _ in }) throws {
        let sidecar = "\(episode.id)/\(episode.id)-r\(episode.revision).episode.json"
        try lock.withLock {
            let held = try publishing()
            defer { withExtendedLifetime(held) {} }
            var next = current
            next.upsert(episode)
            do {
                try AtomicFile.write(Manifest.encode(episode), to: output.url(relative: sidecar), scratch: output.scratch)
                try store.save(next)
            } catch {
                // The manifest still names the previous revision: the new files are orphans.
                let transcripts = [episode.wordTranscript, PlayerPages.transcriptFragment(of: episode)].compactMap { $0 }
                for path in episode.files.map(\.path) + [episode.transcript, sidecar] + transcripts + extra {
                    try? FileManager.default.removeItem(at: output.url(relative: path))
                }
                throw error
            }
            current = next
            try publish(next)
        }
        Self.prune(episode.id, before: episode.revision - max(1, keep) + 1, in: output)
    }

    /// Records a change that keeps an episode's revision and files (a fetched page's new hash
    /// and validators) in the manifest, replaced in one rename; the description beside the
    /// files stays the revision as it was made. Nothing is written when the manifest already
    /// says so.
    public func refresh(_ episode: Manifest.Episode) throws {
        try lock.withLock {
            let held = try publishing()
            defer { withExtendedLifetime(held) {} }
            guard current.episode(id: episode.id) != episode else { return }
            var next = current
            next.upsert(episode)
            try store.save(next)
            current = next
        }
    }

    /// Removes every file of the episode's revisions below `revision`.
    static func prune(_ id: String, before revision: Int, in output: OutputFolder) {
        let folder = output.url(relative: id)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            guard name.hasPrefix(id + "-r"), let number = Int(name.dropFirst(id.count + 2).prefix { $0.isNumber }),
                  number < revision else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            Checkpoint.reached("removed \(name)")
        }
    }
}
