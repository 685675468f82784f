import Foundation
import Synchronization

/// Streams mono 16-bit PCM into a constant-bitrate MP3 file, encoding it on every core.
///
/// The stream is cut into chunks of whole frames. Each chunk is encoded by an encoder of its
/// own, started a little earlier (the pre-roll, so the MDCT and the psychoacoustic model are
/// settled at the chunk's first frame) and fed a little past its end (so its last frames see
/// the audio that follows); only the chunk's own frames are kept. LAME's bit reservoir is off
/// (`LameEncoder`), so no frame's audio sits in another frame's bytes, and chunks are joined
/// by concatenation. Chunks and pre-roll are whole cycles of CBR's padding pattern, so every
/// encoder pads the frames it keeps as a single encoder would: away from the joins, the
/// joined stream is the single encoder's byte for byte.
///
/// The file opens with the tags (`ID3Tag`), then an Info frame (Xing, with the LAME
/// extension) giving the frame count, the byte count and the encoder delay and padding, so
/// players trim LAME's delay and the end padding and the episode plays to the sample.
/// Memory is bounded by the chunks in flight, not the episode's length.
final class MP3Writer: MasterSink, @unchecked Sendable {
    let path: String
    let sampleRate: Int
    let bitrate: Int
    /// Frames per chunk, pre-roll and post-roll.
    let chunkFrames: Int
    let preRollFrames: Int
    static let postRollFrames = 4

    private let file: FileHandle
    private let infoOffset: UInt64
    private let infoLength: Int
    /// The Info frame's bitrate: the stream's, or the lowest above it whose frame holds the
    /// tag, as LAME does (at 32 kbps and 44.1 kHz a frame is 104 bytes, the tag 177).
    private let infoBitrate: Int
    private let encoderDelay: Int
    /// Samples received and not yet handed to a chunk (from `pendingStart`, a sample index).
    private var pending: [Int16] = []
    private var pendingStart = 0
    /// The next chunk's first frame.
    private var nextChunkFrame = 0
    private var chunksSubmitted = 0
    private var samplesIn = 0
    private var framesOut = 0
    private var bytesOut = 0
    private var musicCRC: UInt16 = 0
    private var closed = false
    private let splice: MP3Splice?
    /// With a splice: the audio of the frames to encode, from `spliceStart` (a sample index).
    private var spliceAudio: [Int16] = []
    private var spliceStart = 0
    /// What the splice did: frames encoded, and frames copied.
    private(set) var spliced: (encoded: Int, copied: Int)?

    /// With a splice, the samples the writer encodes (with pre-roll and post-roll); the rest
    /// may be `skip`ped.
    var spliceWindow: Range<Int>? {
        splice.map { spliceStart..<(($0.to + Self.postRollFrames) * LameEncoder.samplesPerFrame) }
    }

    /// Counts `count` samples outside `spliceWindow` without their audio.
    func skip(_ count: Int) {
        precondition(splice != nil, "only a splice skips audio")
        samplesIn += count
    }

    private let work = DispatchGroup()
    private let slots: DispatchSemaphore
    /// One serial queue per core: each is given a thread of its own, where the shared pool
    /// would not add one while its threads sit waiting (as episode encoders do).
    private let lanes: [DispatchQueue]
    private let lock = NSLock()
    private var done: [Int: Result<Encoded, LameError>] = [:]
    private var nextToWrite = 0

    struct Encoded: Sendable {
        var bytes: [UInt8]
        var frames: Int
    }

    /// `id3` is written first; `chunkSeconds` is rounded to whole padding cycles.
    init(writingTo url: URL, sampleRate: Int, bitrate: Int, id3: Data = Data(), chunkSeconds: Double = 20,
         parallelism: Int = ProcessInfo.processInfo.activeProcessorCount, splice: MP3Splice? = nil) throws {
        path = url.path
        self.splice = splice
        self.sampleRate = sampleRate
        self.bitrate = bitrate
        let probe = try LameEncoder(sampleRate: sampleRate, bitrate: bitrate)
        encoderDelay = probe.encoderDelay
        let cycle = MP3Frame.paddingCycle(sampleRate: sampleRate, bitrate: bitrate)
        let cycleSeconds = Double(cycle * LameEncoder.samplesPerFrame) / Double(sampleRate)
        chunkFrames = cycle * max(1, Int((chunkSeconds / cycleSeconds).rounded()))
        // At least a second of pre-roll: LAME's loudness-adaptive threshold settles in it.
        preRollFrames = cycle * max(1, Int((1.0 / cycleSeconds).rounded(.up)))
        slots = DispatchSemaphore(value: max(1, parallelism))
        lanes = (0..<max(1, parallelism)).map { DispatchQueue(label: "audioedition.mp3.\($0)") }
        guard FileManager.default.createFile(atPath: path, contents: id3) else {
            throw OutputError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        file = try FileHandle(forWritingTo: url)
        infoOffset = UInt64(id3.count)
        infoBitrate = MP3Frame.bitrate(holding: MP3Frame.sideInfoEnd(sampleRate: sampleRate) + Self.infoTagBytes,
                                       sampleRate: sampleRate, atLeast: bitrate)
        infoLength = MP3Frame.length(sampleRate: sampleRate, bitrate: infoBitrate, padded: false)
        try file.seekToEnd()
        try file.write(contentsOf: Data(count: infoLength))
        if let splice { spliceStart = max(0, splice.from - preRollFrames) * LameEncoder.samplesPerFrame }
    }

    deinit {
        work.wait()
        try? file.close()
    }

    func write(_ samples: [Int16]) throws {
        if let window = spliceWindow {
            // Only the frames to encode, with their pre-roll and post-roll.
            spliceAudio += samples[window.overlap(start: samplesIn, count: samples.count)]
            samplesIn += samples.count
            return
        }
        pending += samples
        samplesIn += samples.count
        let spf = LameEncoder.samplesPerFrame
        // A chunk goes out once the audio past its end (the post-roll) has arrived.
        while (nextChunkFrame + chunkFrames + Self.postRollFrames) * spf <= pendingStart + pending.count {
            submit(last: false)
        }
        try writeFinished(waiting: false)
    }

    /// Encodes what is left, writes the Info frame and closes the file; returns the samples written.
    @discardableResult
    func close() throws -> Int {
        guard !closed else { return samplesIn }
        closed = true
        if let splice {
            try writeSpliced(splice)
        } else {
            submit(last: true)
            work.wait()
            try writeFinished(waiting: true)
        }
        try file.seek(toOffset: infoOffset)
        try file.write(contentsOf: infoFrame())
        try file.close()
        return samplesIn
    }

    private func submit(last: Bool) {
        let spf = LameEncoder.samplesPerFrame
        let first = nextChunkFrame
        let preRoll = min(preRollFrames, first)
        let from = (first - preRoll) * spf - pendingStart
        let to = last ? pending.count : (first + chunkFrames + Self.postRollFrames) * spf - pendingStart
        let input = Array(pending[from..<to])
        let keep = last ? nil : chunkFrames as Int?
        let index = chunksSubmitted
        chunksSubmitted += 1
        nextChunkFrame += chunkFrames
        // Keep from the next chunk's pre-roll on.
        let dropTo = max(0, (nextChunkFrame - preRollFrames) * spf - pendingStart)
        if !last, dropTo > 0 {
            pending.removeFirst(min(dropTo, pending.count))
            pendingStart += dropTo
        }
        slots.wait()
        work.enter()
        lanes[index % lanes.count].async { [self] in
            let result = Result { () throws(LameError) in
                try Self.encode(input[...], sampleRate: sampleRate, bitrate: bitrate, dropping: preRoll, keeping: keep)
            }
            lock.withLock { done[index] = result }
            slots.signal()
            work.leave()
        }
    }

    /// One chunk, by an encoder of its own: its frames after the first `dropping` (the
    /// pre-roll), at most `keeping` of them.
    private static func encode(_ input: ArraySlice<Int16>, sampleRate: Int, bitrate: Int, dropping: Int,
                               keeping: Int?) throws(LameError) -> Encoded {
        let encoder = try LameEncoder(sampleRate: sampleRate, bitrate: bitrate)
        // In pieces: LAME copies each call's input into buffers of its own.
        var bytes: [UInt8] = []
        for start in stride(from: input.startIndex, to: input.endIndex, by: 16384) {
            bytes += try encoder.encode(input[start..<min(start + 16384, input.endIndex)])
        }
        bytes += try encoder.flush()
        return MP3Frame.frames(of: bytes, dropping: dropping, keeping: keeping)
    }

    /// Appends every chunk that is ready, in order.
    private func writeFinished(waiting: Bool) throws {
        while true {
            let ready: Result<Encoded, LameError>? = lock.withLock { done.removeValue(forKey: nextToWrite) }
            guard let ready else { return }
            let chunk = try ready.get()
            nextToWrite += 1
            musicCRC = CRC16.update(musicCRC, chunk.bytes)
            do { try file.write(contentsOf: chunk.bytes) } catch {
                throw OutputError(path: path, problem: "cannot write: \(error.localizedDescription)")
            }
            framesOut += chunk.frames
            bytesOut += chunk.bytes.count
        }
    }

    /// The last revision's frames before the splice, the new frames, and the last revision's
    /// frames after it, read once, in order.
    private func writeSpliced(_ splice: MP3Splice) throws {
        let spf = LameEncoder.samplesPerFrame
        let total = (samplesIn + spf - 1) / spf
        // A tail to copy only if the stream reaches past the encoded frames' post-roll.
        let tail = splice.to + Self.postRollFrames < total
        // The frames to encode, in parts of whole padding cycles on every core: each part's
        // encoder starts its pre-roll earlier, as the chunks of a whole encode do.
        let cycle = MP3Frame.paddingCycle(sampleRate: sampleRate, bitrate: bitrate)
        let parts = max(1, min(lanes.count, (splice.to - splice.from) / (2 * preRollFrames)))
        let step = ((splice.to - splice.from) / parts + cycle - 1) / cycle * cycle
        let starts = (0..<parts).map { splice.from + $0 * step }.filter { $0 < splice.to || $0 == splice.from }
        let results = Mutex([Result<Encoded, LameError>?](repeating: nil, count: starts.count))
        let audio = spliceAudio, first = spliceStart / spf, (sampleRate, bitrate) = (self.sampleRate, self.bitrate)
        DispatchQueue.concurrentPerform(iterations: starts.count) { part in
            let from = starts[part], last = part + 1 == starts.count
            let begin = max(first, from - preRollFrames)
            let end = last ? audio.count : min(audio.count, (starts[part + 1] + Self.postRollFrames) * spf - first * spf)
            let result = Result { () throws(LameError) in
                try Self.encode(audio[((begin - first) * spf)..<end], sampleRate: sampleRate, bitrate: bitrate, dropping: from - begin,
                                keeping: last ? (tail ? splice.to - from : nil) : starts[part + 1] - from)
            }
            results.withLock { $0[part] = result }
        }
        spliceAudio = []
        var middle = Encoded(bytes: [], frames: 0)
        for result in results.withLock({ $0 }) {
            guard let part = try result?.get() else { continue }
            middle.bytes += part.bytes
            middle.frames += part.frames
        }
        var out: [UInt8] = [], copied = 0
        func append(_ chunk: ArraySlice<UInt8>, frames: Int) throws {
            musicCRC = CRC16.update(musicCRC, chunk)
            out += chunk
            framesOut += frames
            bytesOut += chunk.count
            if out.count >= 1 << 20 || frames == 0 { try flush() }
        }
        func flush() throws {
            do { try file.write(contentsOf: out) } catch {
                throw OutputError(path: path, problem: "cannot write: \(error.localizedDescription)")
            }
            out.removeAll(keepingCapacity: true)
        }
        var wroteMiddle = false, previousFrames = 0
        try MP3Frame.eachFrame(of: splice.previous, sha256: splice.sha256) { index, frame in
            previousFrames = index + 1
            if index >= splice.from, !wroteMiddle {
                try append(middle.bytes[...], frames: middle.frames)
                wroteMiddle = true
            }
            if index < splice.from || (tail && index >= splice.to - splice.shift) {
                try append(frame, frames: 1)
                copied += 1
            }
        }
        if !wroteMiddle { try append(middle.bytes[...], frames: middle.frames) }
        try flush()
        // The stream is as long as the last revision's, moved: otherwise something is wrong.
        if tail, framesOut != previousFrames + splice.shift || middle.frames != splice.to - splice.from {
            throw SpliceUnavailable(path: path, problem: "splice made \(framesOut) frames where \(previousFrames + splice.shift) were due")
        }
        spliced = (middle.frames, copied)
    }

    /// What `infoFrame` writes after the side information: the Xing fields (120 bytes) and
    /// the LAME extension (36).
    static let infoTagBytes = 156

    /// The Info frame: a frame (of the stream's bitrate where it fits) that decoders read as silence-free
    /// metadata, with the Xing fields (frames, bytes, a linear seek table) and the LAME
    /// extension (encoder delay and padding for gapless playback; the music's CRC and the
    /// tag's, which covers the frame up to it: 190 bytes for stereo, 175 for mono).
    private func infoFrame() -> Data {
        var frame = [UInt8](repeating: 0, count: infoLength)
        frame.replaceSubrange(0..<4, with: MP3Frame.header(sampleRate: sampleRate, bitrate: infoBitrate, padded: false))
        var at = MP3Frame.sideInfoEnd(sampleRate: sampleRate)
        func put(_ bytes: [UInt8]) {
            frame.replaceSubrange(at..<(at + bytes.count), with: bytes)
            at += bytes.count
        }
        func big(_ value: Int, _ count: Int) -> [UInt8] {
            (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * (count - 1 - $0))) }
        }
        let total = bytesOut + infoLength
        put(Array("Info".utf8))
        put(big(0x0F, 4))          // frames, bytes, seek table and quality are present
        put(big(framesOut, 4))
        put(big(total, 4))
        put((0..<100).map { UInt8($0 * 256 / 100) })
        put(big(100 - Int(LameEncoder.quality) * 10, 4))
        put(Array(("LAME" + LameEncoder.version).utf8.prefix(9)) + [UInt8](repeating: 0x20, count: max(0, 9 - 4 - LameEncoder.version.utf8.count)))
        put([0x01])                // tag revision 0, constant bitrate
        put([0])                   // lowpass: not recorded
        put(big(0, 4) + big(0, 2) + big(0, 2))  // peak and replay gain: not measured here
        put([0])                   // encoding flags, ATH type
        put([UInt8(min(bitrate, 255))])
        let padding = framesOut * LameEncoder.samplesPerFrame - encoderDelay - samplesIn
        put(big(encoderDelay << 12 | max(0, min(padding, 0xFFF)), 3))
        put([sampleRate == 44100 ? 0x40 : sampleRate == 48000 ? 0x80 : 0x00])  // source rate
        put([0])                   // MP3 gain
        put(big(0, 2))             // preset, surround
        put(big(total, 4))
        put(big(Int(musicCRC), 2))
        put(big(Int(CRC16.update(0, frame[0..<at])), 2))  // of the frame up to here
        return Data(frame)
    }
}

/// MPEG audio layer III frame headers, as far as joining and tagging need them.
enum MP3Frame {
    static let mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    static let mpeg2Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
    static let mpeg1Rates = [44100, 48000, 32000]

    static func isMPEG1(_ sampleRate: Int) -> Bool { mpeg1Rates.contains(sampleRate) }

    /// The lowest bitrate from `bitrate` up whose unpadded frame holds `bytes`; the highest
    /// there is when none does.
    static func bitrate(holding bytes: Int, sampleRate: Int, atLeast bitrate: Int) -> Int {
        let table = (isMPEG1(sampleRate) ? mpeg1Bitrates : mpeg2Bitrates).filter { $0 >= bitrate }
        return table.first { length(sampleRate: sampleRate, bitrate: $0, padded: false) >= bytes } ?? table.last ?? bitrate
    }

    /// Bytes in a frame: 144 (MPEG-1) or 72 (MPEG-2) times bitrate over rate, plus padding.
    static func length(sampleRate: Int, bitrate: Int, padded: Bool) -> Int {
        (isMPEG1(sampleRate) ? 144 : 72) * bitrate * 1000 / sampleRate + (padded ? 1 : 0)
    }

    /// Frames after which CBR's padding repeats: the padding keeps the average at the bitrate.
    static func paddingCycle(sampleRate: Int, bitrate: Int) -> Int {
        let remainder = (isMPEG1(sampleRate) ? 144 : 72) * bitrate * 1000 % sampleRate
        return remainder == 0 ? 1 : sampleRate / gcd(sampleRate, remainder)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Where a mono frame's side information ends and its data starts.
    static func sideInfoEnd(sampleRate: Int) -> Int { 4 + (isMPEG1(sampleRate) ? 17 : 9) }

    /// A header for a mono frame without CRC.
    static func header(sampleRate: Int, bitrate: Int, padded: Bool) -> [UInt8] {
        let mpeg1 = isMPEG1(sampleRate)
        let version: UInt8 = mpeg1 ? 0b11 : (sampleRate >= 16000 ? 0b10 : 0b00)
        let rateIndex = UInt8(mpeg1Rates.firstIndex(of: mpeg1 ? sampleRate : sampleRate * (version == 0b10 ? 2 : 4)) ?? 0)
        let bitrateIndex = UInt8((mpeg1 ? mpeg1Bitrates : mpeg2Bitrates).firstIndex(of: bitrate) ?? 0)
        return [0xFF, 0xE0 | version << 3 | 0b01 << 1 | 1, bitrateIndex << 4 | rateIndex << 2 | (padded ? 2 : 0), 0b11 << 6]
    }

    /// The length of the layer III frame whose header starts at `at`, or nil if none does.
    static func length(of bytes: [UInt8], at offset: Int) -> Int? {
        guard offset + 4 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] & 0xE0 == 0xE0 else { return nil }
        let version = (bytes[offset + 1] >> 3) & 3, layer = (bytes[offset + 1] >> 1) & 3
        let bitrateIndex = Int(bytes[offset + 2] >> 4), rateIndex = Int((bytes[offset + 2] >> 2) & 3)
        guard version != 1, layer == 1, bitrateIndex > 0, bitrateIndex < 15, rateIndex < 3 else { return nil }
        let mpeg1 = version == 3
        let rate = mpeg1Rates[rateIndex] / (mpeg1 ? 1 : version == 2 ? 2 : 4)
        let bitrate = (mpeg1 ? mpeg1Bitrates : mpeg2Bitrates)[bitrateIndex]
        return length(sampleRate: rate, bitrate: bitrate, padded: bytes[offset + 2] & 2 != 0)
    }

    /// Calls `body` with the index and bytes of each audio frame of the MP3 file at `url`, after
    /// its ID3v2 tag and its Info frame, reading the file a block at a time.
    /// With `sha256`, the file must hash to it. A file that does not, or cannot be read as
    /// frames, throws `SpliceUnavailable`.
    static func eachFrame(of url: URL, sha256: String? = nil, _ body: (Int, ArraySlice<UInt8>) throws -> Void) throws {
        let source = try SpliceSource(url, sha256: sha256)
        var at = 0
        func fill(_ count: Int) throws -> Bool {
            while source.buffer.count - at < count {
                guard let dropped = try source.more(keepingFrom: at, atLeast: count) else { return false }
                at -= dropped
            }
            return true
        }
        // The tag: "ID3", version, flags and a syncsafe size.
        if try fill(10), source.buffer[0..<3].elementsEqual("ID3".utf8) {
            let size = source.buffer[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
            guard try fill(10 + size) else { throw source.failure("has a truncated ID3 tag") }
            at += 10 + size
        }
        var index = -1  // the Info frame comes first
        while try fill(4) {
            guard let length = length(of: source.buffer, at: at) else { throw source.failure("has no MP3 frame at byte \(at)") }
            guard try fill(length) else { break }
            if index >= 0 { try body(index, source.buffer[at..<(at + length)]) }
            at += length
            index += 1
        }
        try source.verify()
    }

    /// The frames of `bytes` after the first `dropping`, at most `keeping` of them.
    static func frames(of bytes: [UInt8], dropping: Int, keeping: Int?) -> MP3Writer.Encoded {
        var offset = 0, index = 0, start = 0, kept = 0
        while let length = length(of: bytes, at: offset) {
            if index == dropping { start = offset }
            if index >= dropping {
                if let keeping, kept == keeping { break }
                kept += 1
            }
            offset += length
            index += 1
        }
        if index < dropping { return .init(bytes: [], frames: 0) }
        return .init(bytes: Array(bytes[start..<min(offset, bytes.count)]), frames: kept)
    }
}

/// The CRC-16 of LAME's tag (polynomial 0x8005 reflected, 0xA001), over the music bytes
/// and the tag itself: eight bytes a step (slicing by 8), as the music is most of a file.
enum CRC16 {
    /// At `k << 8 | b`: the CRC of byte `b` followed by `k` zero bytes.
    private static let table: [UInt16] = {
        var tables = [(0..<256).map { byte in
            var crc = UInt16(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
            return crc
        }]
        for k in 1..<8 {
            tables.append((0..<256).map { byte in (tables[k - 1][byte] >> 8) ^ tables[0][Int(tables[k - 1][byte] & 0xFF)] })
        }
        return tables.flatMap { $0 }
    }()

    static func update(_ crc: UInt16, _ bytes: ArraySlice<UInt8>) -> UInt16 {
        table.withUnsafeBufferPointer { tables in
            bytes.withUnsafeBufferPointer { bytes in
                var crc = crc, i = 0
                let t = { (k: Int, b: UInt8) in tables[k << 8 | Int(b)] }
                while i + 8 <= bytes.count {
                    let low = UInt8(crc & 0xFF) ^ bytes[i], high = UInt8(crc >> 8) ^ bytes[i + 1]
                    crc = t(7, low) ^ t(6, high) ^ t(5, bytes[i + 2]) ^ t(4, bytes[i + 3])
                        ^ t(3, bytes[i + 4]) ^ t(2, bytes[i + 5]) ^ t(1, bytes[i + 6]) ^ t(0, bytes[i + 7])
                    i += 8
                }
                while i < bytes.count {
                    crc = (crc >> 8) ^ t(0, UInt8(crc & 0xFF) ^ bytes[i])
                    i += 1
                }
                return crc
            }
        }
    }

    static func update(_ crc: UInt16, _ bytes: [UInt8]) -> UInt16 { update(crc, bytes[...]) }
}
