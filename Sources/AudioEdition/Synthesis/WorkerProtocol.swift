import Foundation

/// The messages between a run and its worker processes. Each is one frame: a UInt32
/// little-endian length, then that many bytes of JSON.
///
/// A worker first sends `WorkerHello`. Then, for each `WorkerRequest` it reads, it sends a
/// `WorkerReply` with `started` set, speaks the text, stores the recording in the cache, and
/// answers with one `WorkerReply`. Answers come in request order. It exits when its input
/// closes.
public struct WorkerHello: Codable, Sendable {
    public var version: String
    public var sampleRate: Int
    public var pid: Int32
    /// Set when the engine could not start; the worker exits after sending it.
    public var error: String?
}

public struct WorkerRequest: Codable, Sendable {
    public var id: Int
    public var key: String
    public var text: String
    public var voice: VoiceProfile
    /// The retry of a segment that killed a worker: stricter sanitising, smaller pieces.
    public var strict: Bool
}

public struct WorkerReply: Codable, Sendable {
    public var id: Int
    /// Samples stored in the cache for the request's key.
    public var samples: Int?
    /// Seconds the engine spent speaking, and writing the cache entry, for the run's timings.
    public var seconds: Double?
    public var storeSeconds: Double?
    /// What went wrong, when the engine or the cache refused (the worker lives on).
    public var error: String?
    /// Set on the notice a worker sends as it starts speaking a request, before its answer:
    /// if the worker dies, the run knows which segment killed it.
    public var started: Bool?
}

/// Why a frame could not be read or written.
public enum ChannelError: Error, Equatable, CustomStringConvertible {
    case closed
    case timedOut(seconds: Double)
    case io(String)
    case malformed

    public var description: String {
        switch self {
        case .closed: "the other end closed the pipe"
        case let .timedOut(seconds): "no answer in \(String(format: "%.0f", seconds)) s"
        case let .io(reason): reason
        case .malformed: "a malformed message"
        }
    }
}

/// Frames over a pair of file descriptors.
public struct FrameChannel: Sendable {
    public let input: Int32
    public let output: Int32

    public init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    public func send<T: Encodable>(_ message: T) throws(ChannelError) {
        let body: Data
        do { body = try JSONEncoder().encode(message) } catch { throw .malformed }
        var frame = Data()
        withUnsafeBytes(of: UInt32(body.count).littleEndian) { frame.append(contentsOf: $0) }
        frame.append(body)
        let failure: ChannelError? = frame.withUnsafeBytes { raw in
            guard let start = raw.baseAddress else { return nil }
            var sent = 0
            while sent < raw.count {
                let written = write(output, start + sent, raw.count - sent)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno == EPIPE ? .closed : .io(String(cString: strerror(errno)))
                }
                sent += written
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// The next message, waiting at most until `deadline` (forever when nil).
    public func receive<T: Decodable>(_ type: T.Type, deadline: Date? = nil) throws(ChannelError) -> T {
        let header = try read(4, deadline: deadline)
        let length = Int(header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) })
        guard length < 64 * 1024 * 1024 else { throw .malformed }
        let body = try read(length, deadline: deadline)
        do { return try JSONDecoder().decode(T.self, from: body) } catch { throw .malformed }
    }

    private func read(_ count: Int, deadline: Date?) throws(ChannelError) -> Data {
        var data = Data(count: count)
        var got = 0
        while got < count {
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                var poller = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(max(0, min(left, 3600)) * 1000))
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw .io(String(cString: strerror(errno)))
                }
                if ready == 0 { throw .timedOut(seconds: left) }
            }
            let n = data.withUnsafeMutableBytes { buffer in buffer.baseAddress.map { Glibc.read(input, $0 + got, count - got) } ?? 0 }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(String(cString: strerror(errno)))
            }
            if n == 0 { throw .closed }
            got += n
        }
        return data
    }
}
