import Foundation

/// How an edited episode's MP3 is made from its last revision's: the frames around the edit
/// are encoded again, and the rest are copied byte for byte (`MP3Writer`).
///
/// It is exact because nothing upstream cares where audio sits in the stream: the limiter
/// comes to rest in every pause, the rate doubler is a fixed FIR, and the assembler lengthens
/// the pauses after an edit (`SpliceAligner`) so the audio after it moves by whole cycles of
/// CBR's frame padding (49 frames at 44.1 kHz and 64 kbps). A LAME encoder given the same
/// audio with the same padding makes the same frames once it has seen a cycle of it (the
/// pre-roll `MP3Writer`'s chunks rely on), so the copied frames are the frames a full encode
/// would make.
struct MP3Splice: Sendable, Equatable {
    /// The last revision's MP3, and the SHA-256 it must still have (checked as it is read).
    var previous: URL
    var sha256: String
    /// New frames `from..<to` are encoded; those before are the last revision's, and those from
    /// `to` on are its frames from `to - shift` on.
    var from: Int
    var to: Int
    var shift: Int

    /// Frames on either side of the changed audio that are encoded again, beyond what LAME's
    /// delay and the mastering filters reach.
    static let margin = 2

    /// The revisions agree before voice-rate sample `changedFrom`, and from `changedTo` on the
    /// new one is the old delayed by `shift` samples (`nil`: the change runs to the end). Nil
    /// when the MP3 is not at twice the voice's rate, the shift is not whole padding cycles, or
    /// the change is more than `Mastering.spliceShare` of the episode, which is faster encoded whole.
    init?(previous: URL, sha256: String, changedFrom: Int, changedTo: Int?, shift: Int, total: Int, voiceRate: Int, mp3Rate: Int, bitrate: Int) {
        let spf = LameEncoder.samplesPerFrame
        let cycle = MP3Frame.paddingCycle(sampleRate: mp3Rate, bitrate: bitrate)
        guard mp3Rate == 2 * voiceRate, (2 * shift) % (cycle * spf) == 0 else { return nil }
        let frames = (2 * total + spf - 1) / spf
        // An encoder pads its frames by its own count: it starts on a whole cycle, as a single
        // encoder's cycles fall (`MP3Writer` starts it a whole number of cycles earlier).
        from = max(0, 2 * changedFrom / spf - Self.margin) / cycle * cycle
        // The frames after the change need a padding cycle of unchanged audio before them.
        to = changedTo.map { min(frames, (2 * $0 + spf - 1) / spf + cycle + Self.margin) } ?? frames
        self.shift = 2 * shift / spf
        self.previous = previous
        self.sha256 = sha256
        guard to - self.shift >= from, Mastering.splices(to - from, of: frames) else { return nil }
    }
}

/// A splice cannot be made from the last revision's file: it changed since it was made, it
/// cannot be read as the splice expects, or the splice did not come out as long as it must.
/// The revision is then encoded whole.
struct SpliceUnavailable: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var description: String { "\(path): \(problem); not spliced" }
}

/// The last revision's file, read a block at a time for a splice's walk over its frames
/// (`MP3Frame.eachFrame`, `FLACFrames.each`). With a SHA-256, the file is hashed on a thread
/// of its own as it is read, and `verify` checks it once the walk is done.
final class SpliceSource {
    let path: String
    private let file: FileHandle
    private let sha256: String?
    private let hasher: SHA256.Background?
    /// The bytes read and not yet let go.
    private(set) var buffer: [UInt8] = []
    private var atEnd = false

    init(_ url: URL, sha256: String?) throws {
        guard let file = FileHandle(forReadingAtPath: url.path) else { throw SpliceUnavailable(path: url.path, problem: "cannot be read") }
        path = url.path
        self.file = file
        self.sha256 = sha256
        hasher = sha256.map { _ in SHA256.Background() }
    }

    deinit { try? file.close() }

    /// Whether the file's bytes are checked against a SHA-256 (so the walk may trust them).
    var hashed: Bool { sha256 != nil }

    func failure(_ problem: String) -> SpliceUnavailable { SpliceUnavailable(path: path, problem: problem) }

    /// Reads another block, of at least `count` bytes where the file has them, onto `buffer`.
    /// The bytes before `start` are let go first when they come to a block or more. Returns
    /// how many were let go (the caller's indices move back by that much), or nil at the end
    /// of the file.
    func more(keepingFrom start: Int, atLeast count: Int = 1 << 20) throws -> Int? {
        let data = try read(max(1 << 20, count))
        guard !data.isEmpty else { return nil }
        let dropped = start >= 1 << 20 ? start : 0
        buffer.removeFirst(dropped)
        buffer += data
        return dropped
    }

    /// Reads what is left of the file, then throws unless it all hashed to the SHA-256 given.
    func verify() throws {
        guard let sha256, let hasher else { return }
        while !(try read(1 << 20)).isEmpty {}
        if try hasher.hexDigest() != sha256 { throw failure("changed since it was made") }
    }

    private func read(_ count: Int) throws -> Data {
        guard !atEnd else { return Data() }
        let data = try file.read(upToCount: count) ?? Data()
        if data.isEmpty { atEnd = true }
        try hasher?.update(data)
        return data
    }
}
