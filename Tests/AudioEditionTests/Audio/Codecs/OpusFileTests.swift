import Foundation
import Testing
@testable import AudioEdition

@Suite struct OpusFileTests {
    /// libopusenc aborts on draining a stream of under two frames; ours pads it instead.
    @Test func aFewMillisecondsOrNothingStillMakeAnOpusFile() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        for count in [0, 1, 500, 2000] {
            let url = folder.appendingPathComponent("short-\(count).opus")
            let file = try OpusFile(writingTo: url, sampleRate: 48000, tags: AudioTags(title: "Short"), chapters: [])
            try file.write([Int16](repeating: 1000, count: count))
            #expect(try file.close() == 4800)
            let stats = try AudioStats.measure(url)
            #expect(stats.sampleRate == 48000 && abs(stats.duration - 0.1) < 0.02, "\(count): \(stats)")
        }
    }
}
