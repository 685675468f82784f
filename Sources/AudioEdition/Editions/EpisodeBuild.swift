import Foundation

/// The stages every episode shares, article or briefing, after its segments are spoken: the
/// assembler streams them into one lossless file at the voice's rate while the transcripts
/// are written beside it; `finish` then masters that file into every format (`Mastering`:
/// loudness, true peak, resampling, tags, chapters), writes the chapters file, describes the
/// files and moves all of them into place under the revision's names. One place decides
/// formats, mastering, tags, chapters and transcripts; the editors decide only what is said.
///
/// Until `finish` returns, everything is a temporary under `<output>/.cache/tmp`, removed
/// when the build goes away, so a failed or cancelled episode leaves nothing behind.
final class EpisodeBuild {
    let output: OutputFolder
    let sampleRate: Int
    let assembler: EpisodeAssembler
    let transcript: TranscriptWriter
    private let sink: SoundFile
    private let loudness: LoudnessTap
    private let audioURL: URL
    private let vttURL: URL
    private let wordsURL: URL
    private let pageURL: URL
    private var temporaries: [URL] = []

    /// What `finish` put in place, relative to the output folder.
    struct Finished {
        var files: [Manifest.Episode.File]
        var transcript: String
        var wordTranscript: String
        /// JSON Chapters, when the episode has chapters.
        var chapters: String?
        var master: Manifest.Episode.Master
        var duration: Double
    }

    init(output: OutputFolder, sampleRate: Int) throws {
        self.output = output
        self.sampleRate = sampleRate
        audioURL = try output.temporaryFile(extension: "wav")
        vttURL = try output.temporaryFile(extension: "vtt")
        wordsURL = try output.temporaryFile(extension: "json")
        pageURL = try output.temporaryFile(extension: "html")
        temporaries = [audioURL, vttURL, wordsURL, pageURL]
        sink = try SoundFile(writingTo: audioURL, format: .wav, sampleRate: sampleRate)
        transcript = try TranscriptWriter(vtt: vttURL, json: wordsURL, html: pageURL, sampleRate: sampleRate)
        loudness = try LoudnessTap(sampleRate: sampleRate)
        assembler = EpisodeAssembler(outputs: [sink, loudness], sampleRate: sampleRate)
    }

    deinit {
        for url in temporaries { try? FileManager.default.removeItem(at: url) }
    }

    /// The position of the assembler, in seconds.
    var seconds: Double { Double(assembler.position) / Double(sampleRate) }

    /// `previous` is the master of the episode's last revision: when it was made at these
    /// settings and the loudness has hardly moved, its gain is kept (`Mastering.gainTolerance`).
    func finish(id: String, revision: Int, formats: [AudioFormat], master settings: MasterSettings, tags: AudioTags,
                chapters: [(title: String, start: Double)] = [], previous: Manifest.Episode.Master? = nil) throws -> Finished {
        _ = try sink.close()
        try transcript.close()
        let duration = seconds
        var outputs: [(format: AudioFormat, url: URL)] = []
        for format in formats {
            let url = try output.temporaryFile(extension: format.fileExtension)
            temporaries.append(url)
            outputs.append((format, url))
        }
        let marks = chapters.enumerated().map { index, chapter in
            ID3Tag.Chapter(title: chapter.title, start: chapter.start, end: index + 1 < chapters.count ? chapters[index + 1].start : duration)
        }
        let kept = previous.flatMap { $0.settings == settings ? $0.report : nil }
        let report = try Mastering.master(source: audioURL, outputs: outputs, tags: tags, chapters: marks, settings: settings,
                                          loudness: try loudness.integrated(), previous: kept)

        // Describe the files while they are still temporaries, then move each into place.
        // Mastering keeps the length to the sample, at every rate.
        var files: [Manifest.Episode.File] = []
        for (format, url) in outputs {
            files.append(.init(path: output.relativePath(episode: id, revision: revision, extension: format.fileExtension),
                               format: format.rawValue, sampleRate: format.masterRate ?? sampleRate, duration: duration,
                               bytes: try Self.size(of: url), sha256: try SHA256.hex(fileAt: url)))
        }
        let stem = output.relativePath(episode: id, revision: revision, extension: "")
        var moves = zip(files.map(\.path), outputs.map(\.url)).map { ($0, $1) } + [(stem + "vtt", vttURL), (stem + "transcript.json", wordsURL), (stem + PlayerPages.transcriptSuffix, pageURL)]
        var chaptersPath: String?
        if !marks.isEmpty {
            let url = try output.temporaryFile(extension: "json")
            temporaries.append(url)
            try Self.chaptersJSON(marks).write(to: url)
            chaptersPath = stem + "chapters.json"
            moves.append((stem + "chapters.json", url))
        }
        for (path, url) in moves {
            try AtomicFile.move(url, to: output.url(relative: path))
            temporaries.removeAll { $0 == url }
        }
        return Finished(files: files, transcript: stem + "vtt", wordTranscript: stem + "transcript.json", chapters: chaptersPath,
                        master: .init(settings, report), duration: duration)
    }

    /// JSON Chapters 1.2.0.
    static func chaptersJSON(_ chapters: [ID3Tag.Chapter]) throws -> Data {
        struct Document: Encodable {
            struct Chapter: Encodable { var startTime: Double; var title: String }
            var version = "1.2.0"
            var chapters: [Chapter]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(chapters: chapters.map { .init(startTime: ($0.start * 1000).rounded() / 1000, title: $0.title) }))
    }

    static func size(of url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}

extension OutputFolder {
    /// Every one of `files` is there, at the size the manifest gives it.
    func holdsWhole(_ files: [Manifest.Episode.File]) -> Bool {
        files.allSatisfy { (try? EpisodeBuild.size(of: url(relative: $0.path))) == $0.bytes }
    }
}
