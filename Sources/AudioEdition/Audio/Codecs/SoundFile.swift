import CSndFile
import Foundation

/// Text tags written into an audio file's header.
public struct AudioTags: Sendable, Equatable {
    public var title: String?
    public var artist: String?
    public var album: String?
    public var date: String?
    public var comment: String?

    public init(title: String? = nil, artist: String? = nil, album: String? = nil, date: String? = nil, comment: String? = nil) {
        self.title = title
        self.artist = artist
        self.album = album
        self.date = date
        self.comment = comment
    }
}

/// A failure inside libsndfile, with the library's own message.
public struct SoundFileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var operation: String
    public var message: String

    public var description: String { "\(path): cannot \(operation): \(message)" }
}

/// What libsndfile reports about an open file.
public struct SoundFileInfo: Sendable, Equatable {
    public var frames: Int
    public var sampleRate: Int
    public var channels: Int
    public var isFLAC: Bool
    public var isWAV: Bool

    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }
}

/// The one owner of a libsndfile handle. The only file in the project that imports CSndFile.
///
/// `@unchecked Sendable` is safe because the handle is only touched through this object's
/// methods and the object is used from one task at a time; libsndfile handles carry no
/// global state.
public final class SoundFile: @unchecked Sendable {
    public let path: String
    public let info: SoundFileInfo
    private var handle: OpaquePointer?
    private var framesWritten = 0
    /// libsndfile's compression level, 0 (fastest) to 1 (smallest).
    public static let flacCompressionLevel = 0.0

    /// Opens a new 16-bit file for streaming writes. Tags go in before the first frame,
    /// because the FLAC encoder refuses them afterwards.
    /// WAV and FLAC: MP3 is written by `MP3Writer`, Opus by `OpusFile`.
    public init(writingTo url: URL, format: AudioFormat, sampleRate: Int, channels: Int = 1, tags: AudioTags = AudioTags()) throws {
        path = url.path
        var sfinfo = SF_INFO()
        sfinfo.samplerate = Int32(sampleRate)
        sfinfo.channels = Int32(channels)
        sfinfo.format = format.sndfileFormat
        guard let opened = sf_open(url.path, Int32(SFM_WRITE), &sfinfo) else {
            throw SoundFileError(path: url.path, operation: "create", message: Self.lastError(nil))
        }
        handle = opened
        info = SoundFileInfo(frames: 0, sampleRate: sampleRate, channels: channels, isFLAC: format == .flac, isWAV: format == .wav)
        if format == .flac {
            // FLAC is lossless at every level; the fastest costs a few per cent in size and
            // encodes speech several times faster than libsndfile's default.
            var level = Self.flacCompressionLevel
            sf_command(opened, Int32(SFC_SET_COMPRESSION_LEVEL), &level, Int32(MemoryLayout<Double>.size))
        }
        let strings: [(Int32, String?)] = [
            (Int32(SF_STR_TITLE), tags.title),
            (Int32(SF_STR_ARTIST), tags.artist),
            (Int32(SF_STR_ALBUM), tags.album),
            (Int32(SF_STR_DATE), tags.date),
            (Int32(SF_STR_COMMENT), tags.comment),
        ]
        for (kind, value) in strings {
            guard let value, !value.isEmpty else { continue }
            try check(sf_set_string(opened, kind, value), "set tags")
        }
    }

    /// Opens an existing file for reading.
    public init(readingFrom url: URL) throws {
        path = url.path
        // libsndfile would wait on a FIFO for ever.
        if let special = SpecialFile.at(url.path) {
            throw SoundFileError(path: url.path, operation: "open", message: "is \(special.rawValue), not a sound file")
        }
        var sfinfo = SF_INFO()
        guard let opened = sf_open(url.path, Int32(SFM_READ), &sfinfo) else {
            throw SoundFileError(path: url.path, operation: "open", message: Self.lastError(nil))
        }
        handle = opened
        let major = sfinfo.format & Int32(SF_FORMAT_TYPEMASK)
        info = SoundFileInfo(
            frames: Int(sfinfo.frames),
            sampleRate: Int(sfinfo.samplerate),
            channels: Int(sfinfo.channels),
            isFLAC: major == Int32(SF_FORMAT_FLAC),
            isWAV: major == Int32(SF_FORMAT_WAV)
        )
    }

    deinit {
        if let handle { sf_close(handle) }
    }

    /// Appends interleaved 16-bit frames.
    public func write(_ samples: [Int16]) throws {
        try write(samples[...])
    }

    public func write(_ samples: ArraySlice<Int16>) throws {
        guard !samples.isEmpty else { return }
        let handle = try openHandle()
        let written = samples.withUnsafeBufferPointer { sf_write_short(handle, $0.baseAddress, sf_count_t($0.count)) }
        guard written == samples.count else {
            throw SoundFileError(path: path, operation: "write", message: Self.lastError(handle))
        }
        framesWritten += samples.count / max(info.channels, 1)
    }

    /// Reads up to `maxFrames` frames; an empty array means the end of the file.
    public func read(maxFrames: Int) throws -> [Int16] {
        let handle = try openHandle()
        var buffer = [Int16](repeating: 0, count: maxFrames * info.channels)
        let got = buffer.withUnsafeMutableBufferPointer { sf_readf_short(handle, $0.baseAddress, sf_count_t(maxFrames)) }
        if got < 0 { throw SoundFileError(path: path, operation: "read", message: Self.lastError(handle)) }
        buffer.removeLast(buffer.count - Int(got) * info.channels)
        return buffer
    }

    /// Moves the read position to frame `frame`.
    public func seek(toFrame frame: Int) throws {
        let handle = try openHandle()
        guard sf_seek(handle, sf_count_t(frame), SEEK_SET) == sf_count_t(frame) else {
            throw SoundFileError(path: path, operation: "seek", message: Self.lastError(handle))
        }
    }

    /// A tag read back from the file, if present.
    public func tag(_ key: KeyPath<AudioTags, String?>) -> String? {
        guard let handle else { return nil }
        let kind: Int32 = switch key {
        case \AudioTags.title: Int32(SF_STR_TITLE)
        case \AudioTags.artist: Int32(SF_STR_ARTIST)
        case \AudioTags.album: Int32(SF_STR_ALBUM)
        case \AudioTags.date: Int32(SF_STR_DATE)
        default: Int32(SF_STR_COMMENT)
        }
        return sf_get_string(handle, kind).map { String(cString: $0) }
    }

    /// Flushes and closes the file; the frame count written so far is returned.
    @discardableResult
    public func close() throws -> Int {
        guard let handle else { return framesWritten }
        self.handle = nil
        let status = sf_close(handle)
        if status != 0 {
            throw SoundFileError(path: path, operation: "close", message: String(cString: sf_error_number(status)))
        }
        return framesWritten
    }

    /// libsndfile's version string, for the manifest.
    public static var libraryVersion: String {
        var buffer = [UInt8](repeating: 0, count: 128)
        sf_command(nil, Int32(SFC_GET_LIB_VERSION), &buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    private func openHandle() throws -> OpaquePointer {
        guard let handle else { throw SoundFileError(path: path, operation: "use", message: "file is already closed") }
        return handle
    }

    private func check(_ status: Int32, _ operation: String) throws {
        if status != 0 {
            throw SoundFileError(path: path, operation: operation, message: String(cString: sf_error_number(status)))
        }
    }

    private static func lastError(_ handle: OpaquePointer?) -> String {
        String(cString: sf_strerror(handle))
    }
}

/// libsndfile's format for each of ours: SoundFile is the only importer of CSndFile.
extension AudioFormat {
    fileprivate var sndfileFormat: Int32 {
        switch self {
        case .wav: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .mp3: Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
        case .opus: Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS)
        }
    }
}
