import Foundation
import Testing
@testable import AudioEdition

/// The MP3 encoder's chunks, encoded apart on every core and joined, against one encoder
/// over the whole stream; and the Info frame's gapless figures, read back by a decoder.
@Suite struct MP3WriterTests {
    /// Speech-like test audio at 44.1 kHz: voiced stretches (a gliding harmonic series under
    /// a syllable envelope), noise bursts, and pauses, from a fixed seed.
    static func speechLike(seconds: Double, rate: Int = 44100) -> [Int16] {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func noise() -> Double {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(Int64(bitPattern: seed)) / Double(Int64.max)
        }
        var phase = 0.0
        return (0..<Int(seconds * Double(rate))).map { n in
            let t = Double(n) / Double(rate)
            let second = t.truncatingRemainder(dividingBy: 4)
            if second > 3.4 { return 0 }  // a pause every four seconds
            let pitch = 110 + 30 * sin(2 * .pi * 0.7 * t)
            phase += 2 * .pi * pitch / Double(rate)
            let syllable = max(0, sin(2 * .pi * 3.1 * t))
            var voiced = 0.0
            for harmonic in 1...12 { voiced += sin(Double(harmonic) * phase) / Double(harmonic) }
            let fricative = second > 2.8 ? noise() * 0.4 : 0
            return Int16(clamping: Int(6000 * (voiced * syllable + fricative)))
        }
    }

    private func encode(_ samples: [Int16], to url: URL, chunkSeconds: Double, parallelism: Int) throws {
        let writer = try MP3Writer(writingTo: url, sampleRate: 44100, bitrate: 64, chunkSeconds: chunkSeconds, parallelism: parallelism)
        // In uneven pieces, as mastering hands them over.
        var offset = 0, piece = 7001
        while offset < samples.count {
            try writer.write(Array(samples[offset..<min(offset + piece, samples.count)]))
            offset += piece
            piece = piece * 7 % 30011 + 1
        }
        try writer.close()
    }

    private func decode(_ url: URL) throws -> [Int16] {
        let file = try SoundFile(readingFrom: url)
        var samples: [Int16] = []
        while case let chunk = try file.read(maxFrames: 1 << 16), !chunk.isEmpty { samples += chunk }
        return samples
    }

    @Test func chunksEncodedApartDecodeAsOneEncoderAwayFromTheJoinsWithNoClickAtThem() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let source = Self.speechLike(seconds: 20)
        let whole = folder.appendingPathComponent("whole.mp3"), joined = folder.appendingPathComponent("joined.mp3")
        try encode(source, to: whole, chunkSeconds: 1000, parallelism: 1)
        try encode(source, to: joined, chunkSeconds: 3, parallelism: 2)
        let writer = try MP3Writer(writingTo: folder.appendingPathComponent("probe.mp3"), sampleRate: 44100, bitrate: 64, chunkSeconds: 3)
        let joins = stride(from: writer.chunkFrames * 1152, to: source.count, by: writer.chunkFrames * 1152).map { $0 }
        #expect(joins.count >= 4)

        // Pre-roll and post-roll settle every encoder, so the joined stream is one encoder's
        // byte for byte (without them, the frames at each join differ and click: about −20 dBFS).
        #expect(try Data(contentsOf: whole) == Data(contentsOf: joined))

        // Decoded: the input's length (LAME's delay and the end padding trimmed), and within
        // −90 dBFS of the one-pass stream everywhere, at the joins as well as away from them.
        let a = try decode(whole), b = try decode(joined)
        #expect(a.count == source.count && b.count == source.count, "\(a.count) \(b.count) \(source.count)")
        let worst = zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(20 * log10(Double(max(worst, 1)) / 32768) <= -90, "largest difference: \(worst)")
        #expect(b.map { abs(Int($0)) }.max() ?? 0 > 3000, "the decoded stream is the audio, not silence")
    }

    /// At 32, 40 and 48 kbps a 44.1 kHz frame is too small for the Info tag: its frame takes
    /// the lowest bitrate that holds it, and the file decodes to the input's length.
    @Test(arguments: [32, 40, 48, 56, 320])
    func everyBitrateWritesAFileThatDecodesToItsLength(bitrate: Int) throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let url = folder.appendingPathComponent("low.mp3")
        let source = Self.speechLike(seconds: 3)
        let writer = try MP3Writer(writingTo: url, sampleRate: 44100, bitrate: bitrate, chunkSeconds: 1)
        try writer.write(source)
        try writer.close()
        let decoded = try decode(url)
        #expect(decoded.count == source.count)
        #expect(decoded.map { abs(Int($0)) }.max() ?? 0 > 3000)
    }

    @Test func theInfoFrameCarriesTheCountsAndTheGaplessFigures() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let url = folder.appendingPathComponent("tagged.mp3")
        let id3 = ID3Tag(tags: AudioTags(title: "Ferry")).encoded()
        let source = Self.speechLike(seconds: 7.3)
        let writer = try MP3Writer(writingTo: url, sampleRate: 44100, bitrate: 64, id3: id3, chunkSeconds: 2)
        try writer.write(source)
        try writer.close()
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(Data(bytes.prefix(id3.count)) == id3)
        let info = Array(bytes[id3.count...])
        #expect(String(decoding: info[21..<25], as: UTF8.self) == "Info")
        func big(_ at: Int, _ count: Int) -> Int { info[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) } }
        let frames = big(29, 4), streamBytes = big(33, 4)
        #expect(streamBytes == bytes.count - id3.count)
        // Every frame after the Info frame is a 64 kbps frame, and there are as many as it says.
        var offset = id3.count + 208, counted = 0
        while let length = MP3Frame.length(of: bytes, at: offset) {
            #expect(length == 208 || length == 209)
            offset += length
            counted += 1
        }
        #expect(offset == bytes.count && counted == frames)
        #expect(String(decoding: info[141..<150], as: UTF8.self) == "LAME3.100")
        let delay = big(141 + 21, 3) >> 12, padding = big(141 + 21, 3) & 0xFFF
        #expect(delay == 576 && frames * 1152 == delay + source.count + padding)
        #expect(big(141 + 34, 2) == Int(CRC16.update(0, info[0..<175])))
        #expect(try decode(url).count == source.count)
    }

    /// The tag's CRC-16 (ARC: 0xA001 reflected), taken eight bytes a step, is the standard's
    /// check value and agrees with a bit-at-a-time reference at every length and start.
    @Test func musicCRCIsCRC16ARC() {
        #expect(CRC16.update(0, Array("123456789".utf8)) == 0xBB3D)
        func reference(_ crc: UInt16, _ bytes: ArraySlice<UInt8>) -> UInt16 {
            var crc = crc
            for byte in bytes {
                crc ^= UInt16(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
            }
            return crc
        }
        var seed: UInt32 = 7
        let bytes = (0..<300).map { _ -> UInt8 in seed = seed &* 1_664_525 &+ 1_013_904_223; return UInt8(seed >> 24) }
        for start in [0, 1, 5] {
            for end in stride(from: start, through: bytes.count, by: 13) {
                #expect(CRC16.update(0x1234, bytes[start..<end]) == reference(0x1234, bytes[start..<end]))
            }
        }
    }
}
