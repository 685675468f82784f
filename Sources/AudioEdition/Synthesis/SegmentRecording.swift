import Foundation

/// One segment as the engine spoke it: its PCM and its word and sentence events, exactly as
/// they arrived. Replaying a recording into a sink gives the same result as speaking live.
public struct SegmentRecording: Sendable, Equatable {
    public var sampleRate: Int
    public var samples: [Int16]
    public var events: [SpeechEvent]

    public init(sampleRate: Int, samples: [Int16] = [], events: [SpeechEvent] = []) {
        self.sampleRate = sampleRate
        self.samples = samples
        self.events = events
    }

    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Hands the events, then the audio, to `sink`. A sink's word times come from the events'
    /// own sample positions, so the order of the two does not change what it makes.
    public func replay(into sink: any SpeechSink) {
        for event in events { sink.receive(event) }
        sink.receive(samples: samples)
    }

    /// This recording followed by `next`, whose events move along by this one's length.
    /// Text offsets of `next` move by `textOffset`.
    public mutating func append(_ next: SegmentRecording, textOffset: Int) {
        let shift = samples.count
        samples += next.samples
        events += next.events.map { event in
            switch event {
            case let .word(offset, text, sample): .word(offset: offset + textOffset, text: text, sample: sample + shift)
            case let .sentence(offset, sample): .sentence(offset: offset + textOffset, sample: sample + shift)
            }
        }
    }

    // MARK: File format

    /// `AESEG1`, then little-endian: sample rate, event count, sample count (UInt32 each);
    /// each event as kind (UInt8: 0 word, 1 sentence), offset and sample (Int32), text length
    /// (UInt32) and UTF-8 text; then the samples as Int16.
    static let magic = Array("AESEG1\0\0".utf8)
    /// The magic and the three counts.
    static let headerSize = magic.count + 12

    /// The size an entry's header and events say it has, and its sample count, reading them
    /// through `read(offset, count)`; nil when the bytes do not start an entry.
    static func encodedSize(_ read: (Int, Int) -> [UInt8]?) -> (bytes: Int, samples: Int)? {
        func count(_ bytes: [UInt8], at offset: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        guard let header = read(0, headerSize), header.starts(with: magic) else { return nil }
        let events = count(header, at: magic.count + 4)
        guard events < 1_000_000 else { return nil }
        var offset = headerSize
        for _ in 0..<events {
            // Kind, offset and sample, then the text's length and the text.
            guard let event = read(offset, 13) else { return nil }
            offset += 13 + count(event, at: 9)
        }
        let samples = count(header, at: magic.count + 8)
        return (offset + samples * 2, samples)
    }

    public func encoded() -> Data {
        var data = header()
        samples.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the encoding to a new file with `write(2)`, without copying the samples;
    /// nil, or the system's reason it failed.
    func write(to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        func put(_ raw: UnsafeRawBufferPointer) -> String? {
            guard let start = raw.baseAddress else { return nil }
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, start + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                done += n
            }
            return nil
        }
        if let failure = header().withUnsafeBytes(put) { return failure }
        return samples.withUnsafeBytes(put)
    }

    /// Everything before the samples. Samples are stored in the machine's order, which on
    /// every platform Swift runs on here is little-endian.
    private func header() -> Data {
        var data = Data(Self.magic)
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        put(UInt32(sampleRate))
        put(UInt32(events.count))
        put(UInt32(samples.count))
        for event in events {
            switch event {
            case let .word(offset, text, sample):
                put(UInt8(0)); put(Int32(offset)); put(Int32(sample))
                let bytes = Array(text.utf8)
                put(UInt32(bytes.count)); data.append(contentsOf: bytes)
            case let .sentence(offset, sample):
                put(UInt8(1)); put(Int32(offset)); put(Int32(sample)); put(UInt32(0))
            }
        }
        return data
    }

    /// Reads an encoded recording; nil when the bytes are not one (a torn or foreign file).
    public init?(encoded data: Data) {
        guard Int16(littleEndian: 1) == 1 else { return nil }
        let decoded = data.withUnsafeBytes { bytes -> (rate: Int, samples: [Int16], events: [SpeechEvent])? in
            var at = 0
            func take<T: FixedWidthInteger>(_: T.Type) -> T? {
                guard at + MemoryLayout<T>.size <= bytes.count else { return nil }
                defer { at += MemoryLayout<T>.size }
                return T(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: T.self))
            }
            guard bytes.starts(with: Self.magic) else { return nil }
            at = Self.magic.count
            guard let rate = take(UInt32.self), let eventCount = take(UInt32.self), let sampleCount = take(UInt32.self),
                  eventCount < 1_000_000 else { return nil }
            var events: [SpeechEvent] = []
            events.reserveCapacity(Int(eventCount))
            for _ in 0..<eventCount {
                guard let kind = take(UInt8.self), let offset = take(Int32.self), let sample = take(Int32.self),
                      let length = take(UInt32.self), Int(length) <= bytes.count - at else { return nil }
                let text = String(decoding: bytes[at..<(at + Int(length))], as: UTF8.self)
                at += Int(length)
                events.append(kind == 0 ? .word(offset: Int(offset), text: text, sample: Int(sample)) : .sentence(offset: Int(offset), sample: Int(sample)))
            }
            let count = Int(sampleCount)
            guard bytes.count - at == count * 2 else { return nil }
            // Copied straight in, without zeroing the array first.
            let samples = [Int16](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[at...]))
                initialized = count
            }
            return (Int(rate), samples, events)
        }
        guard let decoded else { return nil }
        self.init(sampleRate: decoded.rate, samples: decoded.samples, events: decoded.events)
    }
}

/// A sink that keeps everything it is given, for the cache.
public final class SegmentRecorder: SpeechSink {
    public private(set) var recording: SegmentRecording

    public init(sampleRate: Int) { recording = SegmentRecording(sampleRate: sampleRate) }

    public func receive(samples: [Int16]) { recording.samples += samples }
    public func receive(_ event: SpeechEvent) { recording.events.append(event) }
}
