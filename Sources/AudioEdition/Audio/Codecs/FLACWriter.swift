import CFLAC
import Foundation

public struct FLACError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): libFLAC: \(message)" }
}

/// Streams mono 16-bit PCM into a FLAC file with libFLAC: the only importer of `CFLAC`.
///
/// Blocks are 4,032 samples, so a cycle of MP3's frame padding at twice the voice's rate
/// (28,224 samples at 22.05 kHz) is seven of them: the audio after an edit, moved by whole
/// cycles (`SpliceAligner`), moves by whole blocks. Each FLAC frame is a function of its
/// block's samples alone, so given an `FLACSplice` the writer encodes only the blocks around
/// the edit and copies the rest from the last revision's file, renumbering the frames after
/// it (`FLACFrames`). STREAMINFO's MD5 is left unset (all zeros, which the format allows),
/// since a splice does not see every sample; the manifest's SHA-256 covers the file.
final class FLACWriter: MasterSink {
    static let blockSize = 4032

    let path: String
    private let file: FileHandle
    private var encoder: UnsafeMutablePointer<FLAC__StreamEncoder>?
    private var comments: UnsafeMutablePointer<FLAC__StreamMetadata>?
    /// Bytes libFLAC has handed over and not yet written: metadata first, then frames.
    private var header: [UInt8] = []
    /// "fLaC" and STREAMINFO as libFLAC began the file: completed at `close`.
    private var streamInfo: [UInt8] = []
    private var frames: [UInt8] = []
    private var frameSizes: ClosedRange<Int>?
    private var frameCount = 0
    private var failure: FLACError?
    private var samplesIn = 0
    private var closed = false
    private let splice: FLACSplice?
    /// What the splice did: frames encoded, and frames copied.
    private(set) var spliced: (encoded: Int, copied: Int)?

    init(writingTo url: URL, sampleRate: Int, tags: AudioTags, splice: FLACSplice? = nil) throws {
        path = url.path
        self.splice = splice
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw OutputError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
        }
        file = handle
        guard let encoder = FLAC__stream_encoder_new() else { throw FLACError(path: path, message: "cannot create an encoder") }
        self.encoder = encoder
        var ok = FLAC__stream_encoder_set_channels(encoder, 1) != 0
        ok = ok && FLAC__stream_encoder_set_bits_per_sample(encoder, 16) != 0
        ok = ok && FLAC__stream_encoder_set_sample_rate(encoder, UInt32(sampleRate)) != 0
        // The fastest level: lossless all the same, a few per cent larger than the default.
        ok = ok && FLAC__stream_encoder_set_compression_level(encoder, 0) != 0
        ok = ok && FLAC__stream_encoder_set_blocksize(encoder, UInt32(Self.blockSize)) != 0
        comments = FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT)
        for (name, value) in [("TITLE", tags.title), ("ARTIST", tags.artist), ("ALBUM", tags.album), ("DATE", tags.date),
                              ("COMMENT", tags.comment)] {
            guard let value, !value.isEmpty else { continue }
            var entry = FLAC__StreamMetadata_VorbisComment_Entry()
            ok = ok && FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair(&entry, name, value) != 0
            ok = ok && FLAC__metadata_object_vorbiscomment_append_comment(comments, entry, 0) != 0
        }
        var blocks: [UnsafeMutablePointer<FLAC__StreamMetadata>?] = [comments]
        ok = ok && FLAC__stream_encoder_set_metadata(encoder, &blocks, 1) != 0
        guard ok else { throw FLACError(path: path, message: "cannot be set up for 16-bit mono at \(sampleRate) Hz") }
        let status = FLAC__stream_encoder_init_stream(encoder, flacWrite, nil, nil, nil, Unmanaged.passUnretained(self).toOpaque())
        guard status == FLAC__STREAM_ENCODER_INIT_STATUS_OK else {
            throw FLACError(path: path, message: String(cString: ae_flac_init_status_text(status)))
        }
        if let failure { throw failure }
        streamInfo = Array(header.prefix(42))
    }

    deinit {
        if let encoder { FLAC__stream_encoder_delete(encoder) }
        if let comments { FLAC__metadata_object_delete(comments) }
        try? file.close()
    }

    /// libFLAC's output: metadata (no samples) or one frame.
    fileprivate func received(_ bytes: UnsafeBufferPointer<UInt8>, frame: Bool) {
        guard frame else {
            header += bytes
            return
        }
        frames += bytes
        countFrame(of: bytes.count)
        if splice == nil, frames.count >= 1 << 20 { flushFrames() }
    }

    /// A frame of `size` bytes written: for STREAMINFO's frame count and sizes.
    private func countFrame(of size: Int) {
        frameCount += 1
        frameSizes = frameSizes.map { min($0.lowerBound, size)...max($0.upperBound, size) } ?? size...size
    }

    private func flushFrames() {
        guard failure == nil else { return }
        if !header.isEmpty {
            do { try file.write(contentsOf: header) } catch { failure = FLACError(path: path, message: "cannot write: \(error.localizedDescription)") }
            header = []
        }
        do { try file.write(contentsOf: frames) } catch { failure = FLACError(path: path, message: "cannot write: \(error.localizedDescription)") }
        frames.removeAll(keepingCapacity: true)
    }

    /// With a splice, the samples the writer encodes; the rest may be `skip`ped.
    var spliceWindow: Range<Int>? {
        splice.map { ($0.from * Self.blockSize)..<($0.to * Self.blockSize) }
    }

    func skip(_ count: Int) {
        precondition(splice != nil, "only a splice skips audio")
        samplesIn += count
    }

    func write(_ samples: [Int16]) throws {
        let part = spliceWindow.map { samples[$0.overlap(start: samplesIn, count: samples.count)] } ?? samples[...]
        samplesIn += samples.count
        guard !part.isEmpty, let encoder else { return }
        let wide = part.map { Int32($0) }
        let ok = wide.withUnsafeBufferPointer { FLAC__stream_encoder_process_interleaved(encoder, $0.baseAddress, UInt32(wide.count)) }
        if let failure { throw failure }
        guard ok != 0 else { throw stateError() }
    }

    private func stateError() -> FLACError {
        let state = encoder.map { FLAC__stream_encoder_get_state($0) } ?? FLAC__STREAM_ENCODER_UNINITIALIZED
        return FLACError(path: path, message: String(cString: ae_flac_state_text(state)))
    }

    /// Encodes what is left, completes STREAMINFO and closes the file; returns the samples written.
    @discardableResult
    func close() throws -> Int {
        guard !closed else { return samplesIn }
        closed = true
        guard let encoder, FLAC__stream_encoder_finish(encoder) != 0 else { throw failure ?? stateError() }
        if let failure { throw failure }
        var info = streamInfo
        if let splice {
            try writeSpliced(splice)
        } else {
            flushFrames()
            if let failure { throw failure }
        }
        // STREAMINFO follows "fLaC" and its block header: frame sizes, then total samples.
        guard info.count == 42, info[0..<4].elementsEqual("fLaC".utf8) else {
            throw FLACError(path: path, message: "wrote no STREAMINFO")
        }
        let sizes = frameSizes ?? 0...0
        for (offset, value) in [(12, sizes.lowerBound), (15, sizes.upperBound)] {
            info[offset] = UInt8(truncatingIfNeeded: value >> 16)
            info[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
            info[offset + 2] = UInt8(truncatingIfNeeded: value)
        }
        let total = UInt64(samplesIn)
        info[21] = info[21] & 0xF0 | UInt8(truncatingIfNeeded: total >> 32)
        for byte in 0..<4 { info[22 + byte] = UInt8(truncatingIfNeeded: total >> (8 * (3 - byte))) }
        do {
            try file.seek(toOffset: 0)
            try file.write(contentsOf: info)
            try file.close()
        } catch {
            throw FLACError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
        return samplesIn
    }

    /// The last revision's frames before the splice, the new frames renumbered into place, and
    /// the last revision's frames after it, renumbered; read once, in order.
    private func writeSpliced(_ splice: FLACSplice) throws {
        let encoded = frames, count = frameCount
        let tail = splice.to * Self.blockSize < samplesIn
        frames = []
        frameCount = 0
        frameSizes = nil
        var out = header, copied = 0
        header = []
        func append(_ frame: ArraySlice<UInt8>) throws {
            out += frame
            countFrame(of: frame.count)
            if out.count >= 1 << 20 { try flush() }
        }
        func flush() throws {
            do { try file.write(contentsOf: out) } catch { throw FLACError(path: path, message: "cannot write: \(error.localizedDescription)") }
            out.removeAll(keepingCapacity: true)
        }
        var wroteMiddle = false
        func writeMiddle() throws {
            var number = splice.from
            try FLACFrames.each(in: encoded, path: path) { _, frame in
                try append(FLACFrames.renumbered(frame, to: number)[...])
                number += 1
            }
            wroteMiddle = true
        }
        try FLACFrames.each(of: splice.previous, sha256: splice.sha256) { index, frame in
            if index >= splice.from, !wroteMiddle { try writeMiddle() }
            if index < splice.from {
                try append(frame)
                copied += 1
            } else if tail, index >= splice.to - splice.shift {
                try append(FLACFrames.renumbered(frame, to: index + splice.shift)[...])
                copied += 1
            }
        }
        if !wroteMiddle { try writeMiddle() }
        try flush()
        // One frame a block: otherwise something is wrong.
        let due = (samplesIn + Self.blockSize - 1) / Self.blockSize
        guard frameCount == due else {
            throw SpliceUnavailable(path: path, problem: "splice made \(frameCount) frames where \(due) were due")
        }
        spliced = (count, copied)
    }
}

/// libFLAC's write callback: a plain function that finds its writer through `client_data`.
private func flacWrite(_ encoder: UnsafePointer<FLAC__StreamEncoder>?, _ buffer: UnsafePointer<FLAC__byte>?, _ bytes: Int,
                       _ samples: UInt32, _ frame: UInt32, _ client: UnsafeMutableRawPointer?) -> FLAC__StreamEncoderWriteStatus {
    guard let client, let buffer else { return FLAC__STREAM_ENCODER_WRITE_STATUS_FATAL_ERROR }
    Unmanaged<FLACWriter>.fromOpaque(client).takeUnretainedValue().received(UnsafeBufferPointer(start: buffer, count: bytes), frame: samples > 0)
    return FLAC__STREAM_ENCODER_WRITE_STATUS_OK
}
