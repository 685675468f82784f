import Foundation

/// An ID3v2.4 tag in UTF-8, with chapters: TIT2, TPE1, TALB, TDRC and COMM text frames, a
/// CTOC table of contents and one CHAP frame per chapter (with its title as a TIT2
/// sub-frame), so podcast apps show the chapters of an MP3.
///
/// LAME's own tags are Latin-1 ("Київ" comes out as question marks), so `MP3Writer` writes
/// this one at the head of the file, then the Info frame and the audio.
public struct ID3Tag: Sendable {
    public struct Chapter: Sendable, Equatable {
        public var title: String
        public var start: Double
        public var end: Double

        public init(title: String, start: Double, end: Double) {
            self.title = title
            self.start = start
            self.end = end
        }
    }

    public var tags: AudioTags
    public var chapters: [Chapter]

    public init(tags: AudioTags, chapters: [Chapter] = []) {
        self.tags = tags
        self.chapters = chapters
    }

    public func encoded() -> Data {
        var frames = Data()
        for (id, value) in [("TIT2", tags.title), ("TPE1", tags.artist), ("TALB", tags.album), ("TDRC", tags.date)] {
            if let value, !value.isEmpty { frames += Self.textFrame(id, value) }
        }
        if let comment = tags.comment, !comment.isEmpty {
            frames += Self.frame("COMM", Data([3]) + Data("eng".utf8) + Data([0]) + Data(comment.utf8))
        }
        if !chapters.isEmpty {
            let ids = chapters.indices.map { "chp\($0)" }
            var toc = Data("toc".utf8) + Data([0, 0x03, UInt8(min(chapters.count, 255))])
            for id in ids.prefix(255) { toc += Data(id.utf8) + Data([0]) }
            toc += Self.textFrame("TIT2", "Chapters")
            frames += Self.frame("CTOC", toc)
            for (id, chapter) in zip(ids, chapters).prefix(255) {
                var body = Data(id.utf8) + Data([0])
                body += Self.bigEndian(UInt32(max(0, chapter.start * 1000).rounded()))
                body += Self.bigEndian(UInt32((max(chapter.start, chapter.end) * 1000).rounded()))
                body += Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])  // no byte offsets
                body += Self.textFrame("TIT2", chapter.title)
                frames += Self.frame("CHAP", body)
            }
        }
        return Data("ID3".utf8) + Data([4, 0, 0]) + Self.syncsafe(frames.count) + frames
    }

    static func textFrame(_ id: String, _ text: String) -> Data {
        frame(id, Data([3]) + Data(text.utf8))
    }

    static func frame(_ id: String, _ body: Data) -> Data {
        Data(id.utf8) + syncsafe(body.count) + Data([0, 0]) + body
    }

    /// Seven bits a byte, as ID3v2.4 sizes are written.
    static func syncsafe(_ value: Int) -> Data {
        Data([UInt8((value >> 21) & 0x7F), UInt8((value >> 14) & 0x7F), UInt8((value >> 7) & 0x7F), UInt8(value & 0x7F)])
    }

    static func bigEndian(_ value: UInt32) -> Data {
        withUnsafeBytes(of: value.bigEndian) { Data($0) }
    }
}
