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

    public func encoded() -> Data {
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
        samples.withUnsafeBufferPointer { buffer in
            if Int16(littleEndian: 1) == 1 {
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: UInt8.self),
                                                count: buffer.count * 2))
            } else {
                for sample in buffer { put(sample) }
            }
        }
        return data
    }

    /// Reads an encoded recording; nil when the bytes are not one (a torn or foreign file).
    public init?(encoded data: Data) {
        let bytes = [UInt8](data)
        var at = 0
        func take<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard at + size <= bytes.count else { return nil }
            var value: T = 0
            for i in 0..<size { value |= T(truncatingIfNeeded: bytes[at + i]) << (8 * i) }
            at += size
            return value
        }
        guard bytes.starts(with: Self.magic) else { return nil }
        at = Self.magic.count
        guard let rate = take(UInt32.self), let eventCount = take(UInt32.self), let sampleCount = take(UInt32.self),
              eventCount < 1_000_000 else { return nil }
        var events: [SpeechEvent] = []
        for _ in 0..<eventCount {
            guard let kind = take(UInt8.self), let offset = take(Int32.self), let sample = take(Int32.self),
                  let length = take(UInt32.self), at + Int(length) <= bytes.count else { return nil }
            let text = String(decoding: bytes[at..<(at + Int(length))], as: UTF8.self)
            at += Int(length)
            events.append(kind == 0 ? .word(offset: Int(offset), text: text, sample: Int(sample)) : .sentence(offset: Int(offset), sample: Int(sample)))
        }
        guard bytes.count - at == Int(sampleCount) * 2 else { return nil }
        var samples = [Int16](repeating: 0, count: Int(sampleCount))
        samples.withUnsafeMutableBytes { raw in
            raw.copyBytes(from: bytes[at...])
        }
        if Int16(littleEndian: 1) != 1 { samples = samples.map { Int16(littleEndian: $0) } }
        self.init(sampleRate: Int(rate), samples: samples, events: events)
    }
}

/// A sink that keeps everything it is given, for the cache.
public final class SegmentRecorder: SpeechSink {
    public private(set) var recording: SegmentRecording

    public init(sampleRate: Int) { recording = SegmentRecording(sampleRate: sampleRate) }

    public func receive(samples: [Int16]) { recording.samples += samples }
    public func receive(_ event: SpeechEvent) { recording.events.append(event) }
}
