import Foundation

/// A failure of the segment cache, naming the folder or file and the system's reason.
public struct CacheError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var problem: String
    public var description: String { "segment cache \(path): \(problem)" }
}

/// Spoken segments, stored by content address: `<root>/<k0k1>/<key>.seg`, where the key
/// hashes the spoken text, the voice profile's canonical form, the engine version and the
/// sample rate (`SegmentKey`). An entry is written to `<root>/tmp/` and renamed into place,
/// so a run killed at any moment leaves whole entries or none. A hit refreshes the entry's
/// modification time, which `prune` reads as its last use.
public final class SegmentCache: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The cache of an output folder when no `--cache` is given.
    public convenience init(output: OutputFolder) {
        self.init(root: output.root.appendingPathComponent(".cache/segments"))
    }

    /// The cache in `folder` (`--cache`), or the output folder's own when nil.
    public convenience init(folder: String?, output: OutputFolder) {
        if let folder {
            self.init(root: URL(fileURLWithPath: folder))
        } else {
            self.init(output: output)
        }
    }

    public func url(for key: String) -> URL {
        root.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(key + ".seg")
    }

    /// Whether the entry is there and whole; see `sampleCount`.
    public func contains(_ key: String) -> Bool { sampleCount(key) != nil }

    /// The samples in an entry, from its header, without reading them; nil when there is none,
    /// or when it is not as long as its header and events say. One cut short or padded
    /// (damaged from outside: entries are renamed into place whole) is as good as missing, and
    /// is spoken and stored again.
    public func sampleCount(_ key: String) -> Int? {
        let descriptor = open(url(for: key).path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        // The header and events are read in one go for any usual entry.
        var start = [UInt8](repeating: 0, count: min(Int(info.st_size), 16384))
        guard pread(descriptor, &start, start.count, 0) == start.count else { return nil }
        let said = SegmentRecording.encodedSize { offset, count in
            if offset + count <= start.count { return Array(start[offset..<(offset + count)]) }
            var bytes = [UInt8](repeating: 0, count: count)
            return pread(descriptor, &bytes, count, off_t(offset)) == count ? bytes : nil
        }
        return said?.bytes == Int(info.st_size) ? said?.samples : nil
    }

    /// Creates the folders and proves a file can be written there, so a read-only or full
    /// cache is reported before any work starts.
    public func prepare() throws(CacheError) {
        let scratch = root.appendingPathComponent("tmp")
        if let reason = Self.makeDirectories(scratch.path) {
            throw CacheError(path: root.path, problem: "cannot create it: \(reason)")
        }
        let probe = scratch.appendingPathComponent("probe-\(getpid())")
        guard FileManager.default.createFile(atPath: probe.path, contents: Data(count: 4096)) else {
            throw CacheError(path: root.path, problem: "cannot write to it: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(at: probe)
    }

    public func load(_ key: String) throws(CacheError) -> SegmentRecording {
        let file = url(for: key)
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else {
            throw CacheError(path: file.path, problem: "missing or unreadable")
        }
        guard let recording = SegmentRecording(encoded: data) else {
            // Entries are renamed into place whole, so this one was damaged from outside. It
            // goes, so that the next run speaks the segment again instead of failing on it.
            try? FileManager.default.removeItem(at: file)
            throw CacheError(path: file.path, problem: "not a segment recording (damaged?); removed, so the next run speaks it again")
        }
        utimes(file.path, nil)
        return recording
    }

    /// The entries for `keys`, in order, read on a thread of their own a few ahead of their use,
    /// so reading and decoding overlap the assembly.
    public func prefetching(_ keys: [String], ahead: Int = 4) -> Prefetch {
        Prefetch(cache: self, keys: keys, ahead: ahead)
    }

    public final class Prefetch: @unchecked Sendable {
        private let condition = NSCondition()
        private var ready: [Int: Result<SegmentRecording, CacheError>] = [:]
        private var taken = 0
        private var stopped = false

        fileprivate init(cache: SegmentCache, keys: [String], ahead: Int) {
            Thread.detachNewThread { [self] in
                for (index, key) in keys.enumerated() {
                    condition.lock()
                    while !stopped, index - taken >= ahead { condition.wait() }
                    let stop = stopped
                    condition.unlock()
                    if stop { return }
                    let result = Result { () throws(CacheError) in try cache.load(key) }
                    condition.withLock {
                        ready[index] = result
                        condition.broadcast()
                    }
                }
            }
        }

        deinit { stop() }

        /// The next entry, waiting for it to be read.
        public func next() throws(CacheError) -> SegmentRecording {
            condition.lock()
            defer { condition.unlock() }
            var entry = ready.removeValue(forKey: taken)
            while entry == nil {
                condition.wait()
                entry = ready.removeValue(forKey: taken)
            }
            guard let result = entry else { throw CacheError(path: "", problem: "no entry") }
            taken += 1
            condition.broadcast()
            return try result.get()
        }

        /// Lets the reading thread end before the last entry.
        public func stop() {
            condition.withLock {
                stopped = true
                condition.broadcast()
            }
        }
    }

    /// Writes an entry under a temporary name, then renames it into place.
    public func store(_ recording: SegmentRecording, for key: String) throws(CacheError) {
        let file = url(for: key)
        let temporary = root.appendingPathComponent("tmp/\(key).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        if let reason = Self.makeDirectories(file.deletingLastPathComponent().path) ?? Self.makeDirectories(temporary.deletingLastPathComponent().path) {
            throw CacheError(path: file.path, problem: "cannot write: \(reason)")
        }
        if let reason = recording.write(to: temporary.path) {
            try? FileManager.default.removeItem(at: temporary)
            throw CacheError(path: file.path, problem: "cannot write: \(reason)")
        }
        if rename(temporary.path, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw CacheError(path: file.path, problem: "cannot move into place: \(reason)")
        }
    }

    /// Removes the temporaries that the given worker processes left, if killed mid-write.
    public func removeTemporaries(of pids: [Int32]) {
        let scratch = root.appendingPathComponent("tmp")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: scratch.path) else { return }
        let marks = Set(pids.map { ".\($0)." })
        for name in names where marks.contains(where: name.contains) {
            try? FileManager.default.removeItem(at: scratch.appendingPathComponent(name))
        }
    }

    public struct PruneReport: Equatable, Sendable {
        public var removed = 0
        public var removedBytes = 0
        public var kept = 0
        public var keptBytes = 0
    }

    /// Removes entries not used for `maxAge` seconds, then the least recently used until the
    /// cache holds at most `maxBytes`. Leftover temporaries older than an hour go too.
    public func prune(maxAge: TimeInterval?, maxBytes: Int?, now: Date = Date()) throws(CacheError) -> PruneReport {
        struct Entry { var url: URL; var bytes: Int; var used: Date }
        var entries: [Entry] = []
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey, .isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else {
            throw CacheError(path: root.path, problem: "cannot be read")
        }
        var report = PruneReport()
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            let used = values.contentModificationDate ?? .distantPast
            let bytes = values.fileSize ?? 0
            if url.deletingLastPathComponent().lastPathComponent == "tmp" {
                if now.timeIntervalSince(used) > 3600 { try? FileManager.default.removeItem(at: url) }
                continue
            }
            guard url.pathExtension == "seg" else { continue }
            entries.append(Entry(url: url, bytes: bytes, used: used))
        }
        entries.sort { $0.used > $1.used }  // most recent first
        var total = 0
        for entry in entries {
            let old = maxAge.map { now.timeIntervalSince(entry.used) > $0 } ?? false
            let over = maxBytes.map { total + entry.bytes > $0 } ?? false
            if old || over {
                do {
                    try FileManager.default.removeItem(at: entry.url)
                } catch {
                    throw CacheError(path: entry.url.path, problem: "cannot remove: \(SourceText.reason(error))")
                }
                report.removed += 1
                report.removedBytes += entry.bytes
            } else {
                total += entry.bytes
                report.kept += 1
                report.keptBytes += entry.bytes
            }
        }
        return report
    }

    /// `mkdir -p` with the system's reason when it fails ("Not a directory", "Permission
    /// denied"), which Foundation's error hides.
    public static func makeDirectories(_ path: String) -> String? {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
            var info = stat()
            if stat(prefix, &info) != 0 { return String(cString: strerror(errno)) }
            if info.st_mode & S_IFMT != S_IFDIR { return String(cString: strerror(ENOTDIR)) }
        }
        return nil
    }
}
