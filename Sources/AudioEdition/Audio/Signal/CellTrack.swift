import Foundation

/// One column of an episode's levels (`Levels`): a value per 20 ms cell, kept in a file as it
/// is appended, with one block of values in memory. Levels then cost the same memory for a
/// minute as for a day (50 cells a second would otherwise be 0.7 MB an hour a column).
///
/// A new track's file is unlinked as soon as it is made, so nothing is left behind, however
/// the run ends. A track read from a `LevelStore` file is a stretch of that file, read only.
/// Values are stored as little-endian `Float`s.
final class CellTrack {
    static let block = 16_384
    private let file: Descriptor
    /// Byte offset of the first value.
    private let base: Int
    private let writable: Bool
    /// Values in the file, and those appended since, not yet written.
    private var written: Int
    private var tail: [Float] = []
    /// NaN values appended (cells not measured).
    private(set) var gaps = 0
    /// The block last read by `value(at:)`, and its first index.
    private var cached: (start: Int, values: [Float])?

    var count: Int { written + tail.count }

    /// An empty track, in a file of its own in the system's temporary folder.
    init() throws {
        let folder = FileManager.default.temporaryDirectory.path
        var template = Array((folder + "/audioedition-levels-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw OutputError(path: folder, problem: "cannot make a temporary file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { if let path = $0.baseAddress { _ = unlink(path) } }
        file = Descriptor(fd: fd, path: folder)
        base = 0
        writable = true
        written = 0
    }

    /// A track of these values (for tests, and levels known in full).
    convenience init(_ values: [Float]) throws {
        try self.init()
        try append(contentsOf: values)
    }

    /// `count` values from byte `offset` of an open file.
    fileprivate init(file: Descriptor, offset: Int, count: Int) {
        self.file = file
        base = offset
        writable = false
        written = count
    }

    func append(_ value: Float) throws {
        try append(contentsOf: CollectionOfOne(value))
    }

    func append(repeating value: Float, count: Int) throws {
        try append(contentsOf: repeatElement(value, count: max(0, count)))
    }

    func append(contentsOf values: some Collection<Float>) throws {
        precondition(writable, "a stored track is read only")
        for value in values {
            if value.isNaN { gaps += 1 }
            tail.append(value)
            if tail.count == Self.block { try flush() }
        }
    }

    /// The values in order, a block at a time.
    func forEachBlock(_ body: ([Float]) throws -> Void) throws {
        var start = 0
        while start < written {
            try body(read(from: start, count: min(Self.block, written - start)))
            start += Self.block
        }
        if !tail.isEmpty { try body(tail) }
    }

    /// Every value, in memory: for short tracks.
    func values() throws -> [Float] {
        var all: [Float] = []
        try forEachBlock { all += $0 }
        return all
    }

    /// The value at `index`, or nil past the ends; reads a block at a time, so indices that
    /// rise (or stay near) cost a read a block.
    func value(at index: Int) throws -> Float? {
        guard index >= 0, index < count else { return nil }
        if index >= written { return tail[index - written] }
        if let cached, index >= cached.start, index < cached.start + cached.values.count {
            return cached.values[index - cached.start]
        }
        let start = index / Self.block * Self.block
        let values = try read(from: start, count: min(Self.block, written - start))
        cached = (start, values)
        return values[index - start]
    }

    /// A track of `count` values: `part`'s first `limit` from index `offset` on, NaN elsewhere.
    static func placing(_ part: CellTrack, at offset: Int, limit: Int = .max, count: Int) throws -> CellTrack {
        let track = try CellTrack()
        try track.append(repeating: .nan, count: min(offset, count))
        var taken = 0
        try part.forEachBlock { values in
            let take = min(values.count, limit - taken, count - track.count)
            guard take > 0 else { return }
            try track.append(contentsOf: values[..<take])
            taken += take
        }
        try track.append(repeating: .nan, count: count - track.count)
        return track
    }

    /// Writes the values to `handle`, as they are stored.
    func write(to handle: FileHandle) throws {
        try forEachBlock { values in
            try values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try handle.write(contentsOf: $0) }
        }
    }

    private func flush() throws {
        let bits = tail.map { $0.bitPattern.littleEndian }
        let bytes = bits.count * 4
        let done = bits.withUnsafeBytes { pwrite(file.fd, $0.baseAddress, bytes, off_t(base + written * 4)) }
        guard done == bytes else { throw file.failure("cannot write levels") }
        written += tail.count
        tail.removeAll(keepingCapacity: true)
    }

    private func read(from start: Int, count: Int) throws -> [Float] {
        var bits = [UInt32](repeating: 0, count: count)
        let bytes = count * 4
        let done = bits.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, bytes, off_t(base + start * 4)) }
        guard done == bytes else { throw file.failure("cannot read levels") }
        return bits.map { Float(bitPattern: UInt32(littleEndian: $0)) }
    }

    /// A file's first `header` bytes and the `count` tracks stored after them one after
    /// another, each a little-endian `UInt32` count and its values; nil unless they end where
    /// the file does. The file is opened once, so header and tracks are of the same file.
    static func stored(in url: URL, header: Int, tracks count: Int) -> (header: [UInt8], tracks: [CellTrack])? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        let file = Descriptor(fd: fd, path: url.path)
        let size = Int(lseek(fd, 0, SEEK_END))
        var head = [UInt8](repeating: 0, count: header)
        guard head.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, header, 0) }) == header else { return nil }
        var at = header, tracks: [CellTrack] = []
        for _ in 0..<count {
            var length: UInt32 = 0
            guard pread(fd, &length, 4, off_t(at)) == 4 else { return nil }
            let values = Int(UInt32(littleEndian: length))
            guard values <= (size - at - 4) / 4 else { return nil }
            tracks.append(CellTrack(file: file, offset: at + 4, count: values))
            at += 4 + 4 * values
        }
        return at == size ? (head, tracks) : nil
    }
}

/// An open file, closed when the last track using it goes.
private final class Descriptor {
    let fd: Int32
    let path: String
    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }
    deinit { close(fd) }

    func failure(_ what: String) -> OutputError {
        OutputError(path: path, problem: "\(what): \(String(cString: strerror(errno)))")
    }
}
