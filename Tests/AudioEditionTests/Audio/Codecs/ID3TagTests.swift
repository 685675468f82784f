import Foundation
import Testing
@testable import AudioEdition

@Suite struct ID3TagTests {
    @Test func id3TagHasUTF8FramesAndChapters() throws {
        let tag = ID3Tag(tags: AudioTags(title: "Київ", artist: "Zelensky’s"),
                         chapters: [.init(title: "One", start: 0, end: 1.5), .init(title: "Two", start: 1.5, end: 3)]).encoded()
        #expect(tag.prefix(5) == Data("ID3".utf8) + Data([4, 0]))
        let size = tag[6..<10].reduce(0) { $0 << 7 | Int($1) }
        #expect(size == tag.count - 10)
        let text = String(decoding: tag, as: UTF8.self)
        #expect(text.contains("Київ") && text.contains("Zelensky’s"))
        #expect(tag.ranges(of: Data("CHAP".utf8)).count == 2 && tag.ranges(of: Data("CTOC".utf8)).count == 1)
        // The second chapter starts at 1,500 ms, big-endian, after "chp1\0".
        let chp1 = try #require(tag.range(of: Data("chp1".utf8) + Data([0]), in: tag.range(of: Data("CHAP".utf8), options: .backwards)!.lowerBound..<tag.endIndex))
        #expect(tag[chp1.upperBound..<(chp1.upperBound + 4)] == Data([0, 0, 0x05, 0xDC]))
    }
}
