import CLibOpusEnc
import Foundation

/// Why libopusenc could not write a file: the path, the step, and libopusenc's own message.
public struct OpusFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var operation: String
    public var message: String

    public var description: String { "\(path): cannot \(operation) Opus file: \(message)" }
}

/// An Ogg Opus file being written by libopusenc, the only user of it: mono 16-bit PCM in,
/// Vorbis comments with the tags and chapters (`CHAPTER001=00:00:00.000`,
/// `CHAPTER001NAME=...`, the scheme podcast apps read), which libsndfile cannot write.
/// The encoder is owned here and destroyed in `deinit`; no pointer leaves this file.
/// Not for several threads at once.
public final class OpusFile: @unchecked Sendable {
    /// 32 kbps VBR: a mono voice is clear at it, in half the bytes of 64 kbps MP3.
    public static let bitrate = 32_000

    private var encoder: OpaquePointer?
    private let path: String
    private let sampleRate: Int
    public private(set) var framesWritten = 0

    public init(writingTo url: URL, sampleRate: Int, tags: AudioTags, chapters: [ID3Tag.Chapter], bitrate: Int = OpusFile.bitrate) throws {
        path = url.path
        self.sampleRate = sampleRate
        guard let comments = ope_comments_create() else {
            throw OpusFileError(path: path, operation: "create", message: "libopusenc could not allocate the comments")
        }
        defer { ope_comments_destroy(comments) }
        var entries: [(String, String)] = []
        for (key, value) in [("TITLE", tags.title), ("ARTIST", tags.artist), ("ALBUM", tags.album), ("DATE", tags.date), ("COMMENT", tags.comment)] {
            if let value, !value.isEmpty { entries.append((key, value)) }
        }
        for (index, chapter) in chapters.enumerated() {
            let number = String(format: "CHAPTER%03d", index + 1)
            entries.append((number, WebVTT.timestamp(chapter.start)))
            entries.append((number + "NAME", chapter.title))
        }
        for (key, value) in entries {
            let status = ope_comments_add(comments, key, value)
            guard status == OPE_OK else { throw OpusFileError(path: path, operation: "tag", message: Self.message(status)) }
        }
        var status: Int32 = OPE_OK
        guard let made = ope_encoder_create_file(path, comments, opus_int32(sampleRate), 1, 0, &status), status == OPE_OK else {
            throw OpusFileError(path: path, operation: "create", message: Self.message(status))
        }
        encoder = made
        for (result, what) in [(ae_ope_set_bitrate(made, opus_int32(bitrate)), "set the bitrate"), (ae_ope_set_signal_voice(made), "set the signal")]
        where result != OPE_OK {
            throw OpusFileError(path: path, operation: what, message: Self.message(result))
        }
    }

    deinit {
        if let encoder { ope_encoder_destroy(encoder) }
    }

    /// Appends mono 16-bit samples.
    public func write(_ samples: [Int16]) throws {
        guard !samples.isEmpty else { return }
        guard let encoder else { throw OpusFileError(path: path, operation: "write", message: "file is already closed") }
        let status = samples.withUnsafeBufferPointer { ope_encoder_write(encoder, $0.baseAddress, Int32($0.count)) }
        guard status == OPE_OK else { throw OpusFileError(path: path, operation: "write", message: Self.message(status)) }
        framesWritten += samples.count
    }

    /// Writes the last pages and closes the file; the frame count is returned.
    @discardableResult
    public func close() throws -> Int {
        guard let encoder else { return framesWritten }
        // libopusenc 0.2.1 aborts in ope_encoder_drain (an assertion, not an error) on a
        // stream shorter than about two of its 20 ms frames: pad one to 100 ms with silence.
        if framesWritten < sampleRate / 10 { try write([Int16](repeating: 0, count: sampleRate / 10 - framesWritten)) }
        self.encoder = nil
        defer { ope_encoder_destroy(encoder) }
        let status = ope_encoder_drain(encoder)
        guard status == OPE_OK else { throw OpusFileError(path: path, operation: "finish", message: Self.message(status)) }
        return framesWritten
    }

    private static func message(_ status: Int32) -> String {
        ope_strerror(status).map { String(cString: $0) } ?? "error \(status)"
    }
}
