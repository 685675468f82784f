import Foundation

/// The loop a worker process runs: one engine, requests in on standard input, recordings
/// out to the cache, replies on standard output.
///
/// `EDITION_FAULT` makes a worker fail on purpose, for the crash tests:
/// `crash:TEXT` aborts on a request containing TEXT (not on its strict retry),
/// `crash-always:TEXT` aborts on its retry too, and `hang:TEXT` never answers (but its
/// retry does).
public enum SynthesisWorker {
    /// Longest piece spoken on a strict retry.
    static let strictPieceLength = 200

    public static func run(cache: SegmentCache, channel: FrameChannel = FrameChannel(input: 0, output: 1)) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // Ctrl-C reaches the whole process group; the run decides when its workers stop.
        signal(SIGINT, SIG_IGN)
        let espeak: ESpeakEngine
        do {
            espeak = try ESpeakEngine.shared()
        } catch {
            try? channel.send(WorkerHello(version: "", sampleRate: 0, pid: getpid(), error: "\(error)"))
            return 1
        }
        do {
            try channel.send(WorkerHello(version: espeak.version, sampleRate: espeak.sampleRate, pid: getpid()))
        } catch {
            return 1
        }
        let fault = ProcessInfo.processInfo.environment["EDITION_FAULT"].map(Fault.init)
        // The engine speaks the next request while a writer thread stores the last
        // recording and answers, in order.
        let writer = CacheWriter(cache: cache, channel: channel)
        let engines = Engines(espeak: espeak, models: PreparedModel.folder(cache: cache.root))
        while true {
            let request: WorkerRequest
            do {
                request = try channel.receive(WorkerRequest.self)
            } catch {
                writer.finish()
                return error == .closed ? 0 : 1
            }
            writer.send(WorkerReply(id: request.id, started: true))
            fault?.strike(request)
            let start = Date()
            do {
                let engine = try engines.engine(for: request.voice)
                try engine.use(request.voice)
                let recording = request.strict ? try speakStrictly(request.text, engine: engine) : try speak(request.text, engine: engine)
                writer.store(recording, for: request, seconds: Date().timeIntervalSince(start))
            } catch {
                writer.fail(request, "\(error)")
            }
            if writer.failed { return 1 }
        }
    }

    static func speak(_ text: String, engine: any SpeechEngine) throws -> SegmentRecording {
        let recorder = SegmentRecorder(sampleRate: engine.sampleRate)
        try engine.speak(text, into: recorder)
        return recorder.recording
    }

    /// The retry of a segment that killed a worker: only letters, digits, spaces, and one
    /// mark of plain punctuation straight after a word, spoken in pieces of at most 200 characters. Its word timings
    /// cannot be matched to the text any more, so the recording carries one word event,
    /// and the transcript shows the segment as one cue.
    static func speakStrictly(_ text: String, engine: any SpeechEngine) throws -> SegmentRecording {
        var recording = SegmentRecording(sampleRate: engine.sampleRate)
        for piece in strictPieces(text) {
            var spoken = try speak(piece, engine: engine)
            spoken.events = []
            recording.append(spoken, textOffset: 0)
        }
        recording.events = [.sentence(offset: 0, sample: 0), .word(offset: 0, text: text, sample: 0)]
        return recording
    }

    static func strictPieces(_ text: String) -> [String] {
        var clean = ""
        var last: Character = " "
        for character in text {
            let kept: Character? = if character.isLetter || character.isNumber {
                character
            } else if ".,?!".contains(character) {
                last.isLetter || last.isNumber ? character : nil
            } else if character == "'" || character == "-" {
                last.isLetter ? character : nil
            } else {
                last == " " ? nil : " "
            }
            if let kept {
                clean.append(kept)
                last = kept
            }
        }
        var pieces: [String] = []
        var current = ""
        for word in clean.split(separator: " ") {
            if !current.isEmpty, current.count + word.count + 1 > strictPieceLength {
                pieces.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word.prefix(strictPieceLength)) : " " + word
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// A worker's engines: espeak-ng for its own voices, and each neural model loaded on first
    /// use and kept for the life of the worker. A model that failed to load fails every
    /// request for it with the same message, without loading it again.
    ///
    /// A model runs on one thread: worker processes are the unit of parallelism, so `--workers`
    /// is the cores a run takes. Measured on 2 cores, a 1,000-word article: 2 workers of one
    /// thread each took 10.3 s, 1 worker of two threads 12.1 s.
    final class Engines {
        static let threads = 1
        let espeak: ESpeakEngine
        let models: URL
        private var loaded: [String: NeuralEngine] = [:]
        private var failed: [String: any Error] = [:]

        init(espeak: ESpeakEngine, models: URL) {
            self.espeak = espeak
            self.models = models
        }

        func engine(for voice: VoiceProfile) throws -> any SpeechEngine {
            guard voice.speechEngine == .piper else { return espeak }
            guard let key = NeuralEngine.handleKey(voice), let settings = voice.neural, let model = settings.installed else {
                throw NeuralError(operation: "speak", message: "voice '\(voice.name)' names no installed model")
            }
            if let engine = loaded[key] { return engine }
            if let error = failed[key] { throw error }
            do {
                let engine = try NeuralEngine(model: model, settings: settings, threads: Self.threads, preparedIn: models, espeak: espeak)
                loaded[key] = engine
                return engine
            } catch {
                // Preparing a model reads all of it: a broken one is not read again a segment.
                failed[key] = error
                throw error
            }
        }
    }

    struct Fault {
        var kind: String
        var marker: String

        init(_ setting: String) {
            let parts = setting.split(separator: ":", maxSplits: 1).map(String.init)
            kind = parts.first ?? ""
            marker = parts.count > 1 ? parts[1] : "\u{0}"
        }

        func strike(_ request: WorkerRequest) {
            guard request.text.contains(marker) || (request.strict && SynthesisWorker.strictPieces(marker).allSatisfy { request.text.contains($0) })
            else { return }
            switch kind {
            case "crash" where !request.strict, "crash-always": abort()
            case "hang" where !request.strict: while true { sleep(3600) }
            default: return
            }
        }
    }
}

/// A worker's second thread: stores recordings in the cache and answers each request, in
/// the order the requests came.
final class CacheWriter: @unchecked Sendable {
    private let cache: SegmentCache
    private let channel: FrameChannel
    private let condition = NSCondition()
    private var items: [(WorkerRequest, SegmentRecording?, Double, String?)] = []
    private var done = false
    private var broken = false
    private let finished = DispatchSemaphore(value: 0)
    private let sending = NSLock()

    init(cache: SegmentCache, channel: FrameChannel) {
        self.cache = cache
        self.channel = channel
        Thread.detachNewThread { [self] in loop() }
    }

    /// True once an answer could not be sent: the run is gone.
    var failed: Bool { condition.withLock { broken } }

    func store(_ recording: SegmentRecording, for request: WorkerRequest, seconds: Double) {
        add((request, recording, seconds, nil))
    }

    func fail(_ request: WorkerRequest, _ message: String) {
        add((request, nil, 0, message))
    }

    /// Writes what is queued, then returns.
    func finish() {
        condition.withLock {
            done = true
            condition.signal()
        }
        finished.wait()
    }

    private func add(_ item: (WorkerRequest, SegmentRecording?, Double, String?)) {
        condition.withLock {
            items.append(item)
            condition.signal()
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while items.isEmpty && !done { condition.wait() }
            guard !items.isEmpty else {
                condition.unlock()
                finished.signal()
                return
            }
            let (request, recording, seconds, error) = items.removeFirst()
            condition.unlock()
            var reply = WorkerReply(id: request.id, seconds: seconds, error: error)
            if let recording {
                let start = Date()
                do {
                    try cache.store(recording, for: request.key)
                    reply.samples = recording.samples.count
                } catch {
                    reply.error = "\(error)"
                }
                reply.storeSeconds = Date().timeIntervalSince(start)
            }
            send(reply)
        }
    }

    /// Sends a message; both of the worker's threads send, one frame at a time.
    func send(_ reply: WorkerReply) {
        sending.withLock {
            do {
                try channel.send(reply)
            } catch {
                condition.withLock { broken = true }
            }
        }
    }
}
