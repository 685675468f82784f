import Foundation
import Testing
@testable import AudioEdition

@Suite struct SegmentRecordingTests {
    let recording = SegmentRecording(sampleRate: 22050, samples: [0, 1, -1, 32767, -32768, 12],
                                     events: [.sentence(offset: 0, sample: 0), .word(offset: 0, text: "Kyiv’s", sample: 2),
                                              .word(offset: 7, text: "news", sample: 4)])

    @Test func encodingRoundTrips() throws {
        let decoded = try #require(SegmentRecording(encoded: recording.encoded()))
        #expect(decoded == recording)
        // From bytes that do not start at index 0, as a slice of a larger buffer does not.
        let inside = (Data([9, 9, 9]) + recording.encoded())[3...]
        #expect(SegmentRecording(encoded: inside) == recording)
        #expect(SegmentRecording(encoded: SegmentRecording(sampleRate: 22050).encoded()) == SegmentRecording(sampleRate: 22050))
    }

    @Test func tornOrForeignBytesAreRefused() {
        let data = recording.encoded()
        for cut in [0, 4, 12, 20, data.count - 1] {
            #expect(SegmentRecording(encoded: data.prefix(cut)) == nil, "cut at \(cut)")
        }
        #expect(SegmentRecording(encoded: Data("RIFF....WAVEfmt ".utf8)) == nil)
    }

    @Test func appendingShiftsTheEvents() {
        var first = SegmentRecording(sampleRate: 22050, samples: [1, 2, 3], events: [.word(offset: 0, text: "a", sample: 0)])
        first.append(SegmentRecording(sampleRate: 22050, samples: [4, 5], events: [.word(offset: 0, text: "b", sample: 1)]), textOffset: 2)
        #expect(first.samples == [1, 2, 3, 4, 5])
        #expect(first.events == [.word(offset: 0, text: "a", sample: 0), .word(offset: 2, text: "b", sample: 4)])
    }
}

@Suite struct SegmentCacheTests {
    @Test func storeLoadAndMiss() throws {
        let folder = try TemporaryFolder()
        let cache = SegmentCache(root: folder.url.appendingPathComponent("segments"))
        try cache.prepare()
        let key = SegmentKey.make(text: "Hello.", voice: "v", engine: "e", sampleRate: 22050)
        #expect(!cache.contains(key))
        #expect(throws: CacheError.self) { try cache.load(key) }
        let recording = SegmentRecording(sampleRate: 22050, samples: [1, 2, 3], events: [.word(offset: 0, text: "Hello.", sample: 0)])
        try cache.store(recording, for: key)
        #expect(cache.contains(key))
        #expect(cache.sampleCount(key) == 3)
        #expect(try cache.load(key) == recording)
        #expect(cache.url(for: key).path.hasSuffix("/segments/\(key.prefix(2))/\(key).seg"))
        // Nothing is left under a temporary name.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.root.appendingPathComponent("tmp").path).isEmpty)
        // An entry cut short is missing: it is spoken and stored again.
        let whole = try Data(contentsOf: cache.url(for: key))
        try whole.dropLast(1).write(to: cache.url(for: key))
        #expect(!cache.contains(key) && cache.sampleCount(key) == nil)
        try (whole + Data([0])).write(to: cache.url(for: key))
        #expect(!cache.contains(key))
        // Read all the same, a damaged entry is reported, not read as sound, and removed.
        try Data("AESEG1\0\0garbage".utf8).write(to: cache.url(for: key))
        #expect(!cache.contains(key))
        #expect(throws: CacheError(path: cache.url(for: key).path, problem: "not a segment recording (damaged?); removed, so the next run speaks it again")) {
            try cache.load(key)
        }
        #expect(!FileManager.default.fileExists(atPath: cache.url(for: key).path))
    }

    /// Read ahead on a thread of their own, entries come back in the order asked, a key asked
    /// twice twice, and a missing one fails at its turn, not before.
    @Test func prefetchedEntriesComeInOrderAndAMissingOneFailsAtItsTurn() throws {
        let folder = try TemporaryFolder()
        let cache = SegmentCache(root: folder.url.appendingPathComponent("segments"))
        try cache.prepare()
        let keys = (0..<12).map { SegmentKey.make(text: "segment \($0)", voice: "v", engine: "e", sampleRate: 22050) }
        for (index, key) in keys.enumerated() {
            try cache.store(SegmentRecording(sampleRate: 22050, samples: [Int16](repeating: Int16(index), count: 100)), for: key)
        }
        let missing = SegmentKey.make(text: "never spoken", voice: "v", engine: "e", sampleRate: 22050)
        let asked = keys + [keys[3], missing, keys[0]]
        let prefetch = cache.prefetching(asked, ahead: 2)
        for index in Array(0..<12) + [3] {
            #expect(try prefetch.next().samples.first == Int16(index))
        }
        #expect(throws: CacheError.self) { try prefetch.next() }
        #expect(try prefetch.next().samples.first == 0)
    }

    @Test func pruneRemovesTheOldThenTheLeastRecentlyUsed() throws {
        let folder = try TemporaryFolder()
        let cache = SegmentCache(root: folder.url)
        let now = Date()
        var keys: [String] = []
        for (index, daysAgo) in [40.0, 3, 2, 1].enumerated() {
            let key = SegmentKey.make(text: "segment \(index)", voice: "v", engine: "e", sampleRate: 22050)
            try cache.store(SegmentRecording(sampleRate: 22050, samples: [Int16](repeating: 7, count: 500)), for: key)
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-daysAgo * 86400)], ofItemAtPath: cache.url(for: key).path)
            keys.append(key)
        }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: cache.url(for: keys[1]).path)[.size] as? Int)
        let byAge = try cache.prune(maxAge: 30 * 86400, maxBytes: nil, now: now)
        #expect(byAge == .init(removed: 1, removedBytes: size, kept: 3, keptBytes: 3 * size))
        #expect(!cache.contains(keys[0]))
        let bySize = try cache.prune(maxAge: nil, maxBytes: 2 * size, now: now)
        #expect(bySize.removed == 1 && bySize.kept == 2)
        #expect(!cache.contains(keys[1]) && cache.contains(keys[2]) && cache.contains(keys[3]))
    }

    @Test func unwritableFolderIsReportedWithTheSystemsReason() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("file", "x")
        #expect(throws: CacheError(path: file.path + "/cache", problem: "cannot create it: Not a directory")) {
            try SegmentCache(root: file.appendingPathComponent("cache")).prepare()
        }
    }
}

@Suite struct WorkerRetryTests {
    @Test func strictPiecesKeepOnlyPlainTextInShortPieces() {
        #expect(SynthesisWorker.strictPieces("a . a . a . s's's' [[x]] <b>Hi</b>!!! ok") == ["a a a s's's' x b Hi b ok"])
        #expect(SynthesisWorker.strictPieces("Hello, world... Is it fine?! Yes.") == ["Hello, world. Is it fine? Yes."])
        let long = Array(repeating: "word", count: 120).joined(separator: " ")
        let pieces = SynthesisWorker.strictPieces(long)
        #expect(pieces.allSatisfy { $0.count <= SynthesisWorker.strictPieceLength })
        #expect(pieces.joined(separator: " ") == long)
    }

    @Test func failuresNameTheParagraphAndItsStart() {
        let segment = Script.Segment(role: .body, text: "One two three four five six seven eight nine ten.", pauseAfter: 0, block: 4)
        #expect(ArticleEditor.place(of: segment) == "paragraph 4 (\"One two three four five six seven eight…\")")
        let title = Script.Segment(role: .title, text: "Short title", pauseAfter: 0, block: 0)
        #expect(ArticleEditor.place(of: title) == "headline (\"Short title\")")
    }
}
