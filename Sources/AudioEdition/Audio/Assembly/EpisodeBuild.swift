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
    /// The assembled audio's levels; paused where the last revision's will do (`stored`).
    private let loudness: LevelMeter
    private let audioURL: URL
    private let vttURL: URL
    private let wordsURL: URL
    private let pageURL: URL
    private var temporaries: [URL] = []
    /// Silence asked for and not yet written: the pause before the next sound, which the
    /// aligner may lengthen.
    private var pendingSilence = 0
    private var segmentIndex = 0
    private let aligner: SpliceAligner?
    private let previous: Manifest.Episode?
    private let splicing: Bool
    /// The last revision's levels, when the edit can be measured where it changed.
    private let stored: (source: Levels, master: Levels)?

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

    /// `previous` is the episode's last revision and `keys` its new segments' keys, in order:
    /// with them the audio after an edit is kept on the last revision's MP3 frame grid, so its
    /// frames can be copied (`SpliceAligner`, `MP3Splice`).
    init(output: OutputFolder, sampleRate: Int, previous: Manifest.Episode? = nil, keys: [String] = [], bitrate: Int = 64,
         splicing: Bool = Mastering.splicing) throws {
        self.output = output
        self.sampleRate = sampleRate
        self.previous = previous
        self.splicing = splicing
        aligner = previous.flatMap { $0.master?.layout == Mastering.layout ? SpliceAligner(previous: $0, keys: keys, sampleRate: sampleRate, bitrate: bitrate) : nil }
        audioURL = try output.temporaryFile(extension: "wav")
        vttURL = try output.temporaryFile(extension: "vtt")
        wordsURL = try output.temporaryFile(extension: "json")
        pageURL = try output.temporaryFile(extension: "html")
        temporaries = [audioURL, vttURL, wordsURL, pageURL]
        sink = try SoundFile(writingTo: audioURL, format: .wav, sampleRate: sampleRate)
        transcript = try TranscriptWriter(vtt: vttURL, json: wordsURL, html: pageURL, sampleRate: sampleRate)
        loudness = try LevelMeter(sampleRate: sampleRate, truePeak: false)
        assembler = EpisodeAssembler(outputs: [sink, loudness], sampleRate: sampleRate)
        // Segments an edit left in place are not measured again when the last revision's
        // levels are at hand; only the edit's cells are.
        stored = splicing && aligner != nil ? previous.flatMap { episode in
            episode.files.first.flatMap { LevelStore(output: output).load(id: episode.id, file: $0.sha256) }
        } : nil
        if stored != nil, let aligner, aligner.unchangedBefore > 0 { loudness.pause() }
    }

    deinit {
        for url in temporaries { try? FileManager.default.removeItem(at: url) }
    }

    /// The position of the assembler, in seconds, with the silence asked for.
    var seconds: Double { Double(assembler.position + pendingSilence) / Double(sampleRate) }

    func silence(seconds: Double) {
        pendingSilence += Int((seconds * Double(sampleRate)).rounded())
    }

    /// Writes a sound (a transition, music) as it is, after the silence before it.
    func write(samples: [Int16]) throws {
        try writeSilence()
        try assembler.write(samples: samples)
    }

    /// Writes one segment from its recording, after the silence before it, and its words into
    /// the transcripts; returns where it starts and ends, in samples.
    @discardableResult
    func speak(_ segment: Script.Segment, recording: SegmentRecording) throws -> (start: Int, end: Int) {
        let firstEdited = segmentIndex == aligner?.unchangedBefore
        if stored != nil, firstEdited { try loudness.resume() }
        // The first edited segment's length (as the assembler trims it) lets the aligner share
        // the lengthening between the pauses either side of a lone edit.
        let length = firstEdited ? EpisodeAssembler.spokenLength(of: recording) : nil
        pendingSilence += aligner?.extraSilence(before: segmentIndex, startingAt: assembler.position + pendingSilence, length: length) ?? 0
        try writeSilence()
        if stored != nil, segmentIndex == aligner?.settledFrom { loudness.pause() }
        let start = assembler.position
        try transcript.append(assembler.speak(segment, recording: recording))
        aligner?.spoke(segmentIndex, start: start, end: assembler.position)
        segmentIndex += 1
        return (start, assembler.position)
    }

    private func writeSilence() throws {
        try assembler.writeSilence(frames: pendingSilence)
        pendingSilence = 0
    }

    /// When the last revision was mastered at these settings and the loudness has hardly
    /// moved, its gain is kept (`Mastering.gainTolerance`), and its MP3 and FLAC are spliced
    /// where the aligner found the two revisions agree.
    func finish(id: String, revision: Int, formats: [AudioFormat], master settings: MasterSettings, tags: AudioTags,
                chapters: [(title: String, start: Double)] = []) throws -> Finished {
        try writeSilence()
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
        let kept = previous?.master.flatMap { $0.settings == settings ? $0.report : nil }
        let change = aligner?.change(total: assembler.position)
        var splices = Mastering.Splices()
        if kept != nil, splicing, let change {
            // Frames are copied only from a file that is still what the manifest says it is
            // (its SHA-256 checked as the splice reads it).
            func last(_ format: AudioFormat) -> (url: URL, sha256: String)? {
                previous?.files.first { $0.format == format.rawValue && output.holdsWhole([$0]) }.map { (output.url(relative: $0.path), $0.sha256) }
            }
            splices.mp3 = last(.mp3).flatMap {
                MP3Splice(previous: $0.url, sha256: $0.sha256, changedFrom: change.from, changedTo: change.to, shift: change.shift,
                          total: assembler.position, voiceRate: sampleRate, mp3Rate: AudioFormat.mp3.masterRate ?? 44100,
                          bitrate: settings.mp3Bitrate)
            }
            splices.flac = last(.flac).flatMap {
                FLACSplice(previous: $0.url, sha256: $0.sha256, changedFrom: change.from, changedTo: change.to, shift: change.shift,
                           total: assembler.position)
            }
        }
        // The source's levels: the edit's cells measured, the rest the last revision's; measured
        // whole should they not join.
        var levels = try loudness.levels()
        if let measured = levels, measured.energy.gaps > 0 {
            levels = nil
            if let change, let stored {
                levels = try measured.filled(from: stored.source, before: change.from, after: change.to ?? assembler.position, shift: change.shift)
            }
            if levels == nil { levels = try LevelMeter.measuring(audioURL).levels() }
        }
        let region = change.flatMap { change in
            stored.map { Mastering.Region(levels: $0.master, changedFrom: change.from, changedTo: change.to, shift: change.shift) }
        }
        let input = try levels?.integrated() ?? loudness.integrated()
        func master(_ splices: Mastering.Splices, _ region: Mastering.Region?) throws -> Mastering.Mastered {
            try Mastering.master(source: audioURL, outputs: outputs, tags: tags, chapters: marks, settings: settings,
                                 loudness: input, previous: kept, splices: splices, region: region)
        }
        // A last file altered since it was made, or one the splice cannot use, is not spliced
        // from: the episode is encoded whole.
        let mastered = try { () throws -> Mastering.Mastered in
            do { return try master(splices, region) } catch is SpliceUnavailable { return try master(.init(), nil) }
        }()
        let (report, spliced, masterLevels, digests) = mastered

        // Describe the files while they are still temporaries, then move each into place.
        // Mastering keeps the length to the sample, at every rate.
        var files: [Manifest.Episode.File] = []
        for ((format, url), digest) in zip(outputs, digests) {
            files.append(.init(path: output.relativePath(episode: id, revision: revision, extension: format.fileExtension),
                               format: format.rawValue, sampleRate: format.masterRate ?? sampleRate, duration: duration,
                               bytes: try Self.size(of: url), sha256: digest))
        }
        // Levels only spare the next edit a measurement: failing to keep them loses nothing.
        if let levels, let masterLevels, let first = files.first {
            try? LevelStore(output: output).save(id: id, file: first.sha256, source: levels, master: masterLevels)
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
        var master = Manifest.Episode.Master(settings, report)
        if !spliced.isEmpty {
            master.spliced = spliced.map {
                .init(format: $0.format.rawValue, framesEncoded: $0.encoded, framesCopied: $0.copied,
                      pauseAdded: Double(aligner?.added ?? 0) / Double(sampleRate))
            }
        }
        return Finished(files: files, transcript: stem + "vtt", wordTranscript: stem + "transcript.json", chapters: chaptersPath,
                        master: master, duration: duration)
    }

    /// JSON Chapters 1.2.0.
    static func chaptersJSON(_ chapters: [ID3Tag.Chapter]) throws -> Data {
        struct Document: Encodable {
            struct Chapter: Encodable { var startTime: Double; var title: String }
            var version = "1.2.0"
            var chapters: [Chapter]
        }
        return try JSONEncoder.canonical(pretty: true).encode(Document(chapters: chapters.map { .init(startTime: ($0.start * 1000).rounded() / 1000, title: $0.title) }))
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
