import Foundation
import Testing
@testable import AudioEdition

/// What splicing reads of a last revision's MP3 (`MP3Frame`): every frame after the tag and
/// the Info frame, whole, in order; a file that is not the one recorded is refused.
@Suite struct MP3SpliceTests {
    private func written(bitrate: Int = 64) throws -> (url: URL, folder: TemporaryFolder) {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("previous.mp3")
        let writer = try MP3Writer(writingTo: url, sampleRate: 44100, bitrate: bitrate, id3: ID3Tag(tags: AudioTags(title: "Ferry")).encoded(),
                                   chunkSeconds: 1)
        try writer.write(MP3WriterTests.speechLike(seconds: 3))
        try writer.close()
        return (url, folder)
    }

    @Test func everyFrameAfterTheTagAndTheInfoFrameIsVisitedWholeAndInOrder() throws {
        let (url, folder) = try written()
        _ = folder
        let bytes = try Data(contentsOf: url)
        var indices: [Int] = [], total = 0
        try MP3Frame.eachFrame(of: url, sha256: SHA256.hex(bytes)) { index, frame in
            indices.append(index)
            total += frame.count
            #expect(frame.first == 0xFF && (frame[frame.startIndex + 1] & 0xE0) == 0xE0, "frame \(index) starts with a sync word")
        }
        // Three seconds at 44.1 kHz are about 115 frames of 1,152 samples.
        #expect(indices == Array(0..<indices.count) && (110...125).contains(indices.count))
        let id3 = ID3Tag(tags: AudioTags(title: "Ferry")).encoded().count
        let info = MP3Frame.length(sampleRate: 44100, bitrate: 64, padded: false)
        #expect(id3 + info + total == bytes.count)
    }

    @Test func aFileThatIsNotTheRecordedOneIsRefused() throws {
        let (url, folder) = try written()
        _ = folder
        #expect(throws: SpliceUnavailable.self) {
            try MP3Frame.eachFrame(of: url, sha256: String(repeating: "0", count: 64)) { _, _ in }
        }
    }

    /// The Info frame's bitrate: the stream's where its frame holds the 177-byte tag.
    @Test func theInfoFrameTakesTheLowestBitrateThatHoldsItsTag() {
        #expect(MP3Frame.bitrate(holding: 177, sampleRate: 44100, atLeast: 32) == 56)
        #expect(MP3Frame.bitrate(holding: 177, sampleRate: 44100, atLeast: 64) == 64)
        #expect(MP3Frame.length(sampleRate: 44100, bitrate: 32, padded: false) == 104)
    }
}
