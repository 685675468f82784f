import Foundation

/// How an edited episode's FLAC is made from its last revision's (`FLACWriter`): blocks
/// `from..<to` are encoded again; those before are copied, and those from `to` on are the last
/// revision's from `to - shift` on, renumbered.
struct FLACSplice: Sendable, Equatable {
    /// The last revision's FLAC, and the SHA-256 it must still have (checked as it is read).
    var previous: URL
    var sha256: String
    var from: Int
    var to: Int
    var shift: Int

    /// The revisions agree before voice-rate sample `changedFrom`, and from `changedTo` on the
    /// new one is the old delayed by `shift` samples (`nil`: the change runs to the end). A
    /// block either side covers the limiter's lookahead and its coming to rest. Nil when the
    /// shift is not whole blocks, or the change is more than `Mastering.spliceShare` of the episode.
    init?(previous: URL, sha256: String, changedFrom: Int, changedTo: Int?, shift: Int, total: Int) {
        let block = FLACWriter.blockSize
        guard shift % block == 0 else { return nil }
        let blocks = (total + block - 1) / block
        from = max(0, changedFrom / block - 1)
        to = changedTo.map { min(blocks, ($0 + block - 1) / block + 1) } ?? blocks
        self.shift = shift / block
        self.previous = previous
        self.sha256 = sha256
        guard to - self.shift >= from, Mastering.splices(to - from, of: blocks) else { return nil }
    }
}

/// FLAC frames, as far as copying and renumbering them need: where each starts and ends in a
/// file of fixed-size blocks, and its header with another frame number.
enum FLACFrames {
    /// Calls `body` with the index and bytes of each frame of the FLAC file at `url`, reading
    /// it a block at a time. A frame ends where the next frame's header starts (`frame`).
    /// With `sha256`, the file must hash to it. A file that does not, or cannot be read as
    /// frames of the writer's blocks, throws `SpliceUnavailable`.
    static func each(of url: URL, sha256: String? = nil, _ body: (Int, ArraySlice<UInt8>) throws -> Void) throws {
        let source = try SpliceSource(url, sha256: sha256)
        var buffer: [UInt8] { source.buffer }
        var at = 0, next = 0
        func more() throws -> Bool {
            // What lies before the current frame goes now and then, not frame by frame.
            guard let dropped = try source.more(keepingFrom: at) else { return false }
            at -= dropped
            next -= dropped
            return true
        }
        while buffer.count < 4, try more() {}
        guard buffer.starts(with: Array("fLaC".utf8)) else { throw source.failure("is not a FLAC file") }
        at = 4
        // Metadata blocks: a last-block flag, a type and a 24-bit length each.
        while true {
            while buffer.count < at + 4, try more() {}
            guard buffer.count >= at + 4 else { throw source.failure("has truncated metadata") }
            let last = buffer[at] & 0x80 != 0
            at += 4 + (Int(buffer[at + 1]) << 16 | Int(buffer[at + 2]) << 8 | Int(buffer[at + 3]))
            if last { break }
        }
        var index = 0
        while true {
            while buffer.count < at + 16, try more() {}
            guard at < buffer.count else { return try source.verify() }
            guard header(buffer, at: at)?.number == index else {
                throw source.failure("has no FLAC frame \(index) at byte \(at)")
            }
            guard writersBlockCode(buffer[at + 2]) else {
                throw source.failure("has FLAC frames of another size than \(FLACWriter.blockSize) samples")
            }
            // The next frame's header, or the end of the file; the frame's CRC-16 decides.
            next = at + 2
            while true {
                if next + 16 > buffer.count, try more() { continue }
                if next >= buffer.count {
                    next = buffer.count
                    guard crc16(buffer[at..<next]) == 0 else { throw source.failure("has a damaged FLAC frame \(index)") }
                    break
                }
                guard let sync = nextSync(buffer, from: next) else {
                    next = buffer.count
                    continue
                }
                next = sync
                if next + 16 > buffer.count, try more() { continue }
                if frame(buffer, numbered: index, at: at, endsAt: next, checked: !source.hashed) { break }
                next += 1
            }
            try body(index, buffer[at..<next])
            index += 1
            at = next
        }
    }

    /// The frames in `bytes`, which begin with a frame (what one encoder wrote).
    static func each(in bytes: [UInt8], path: String, _ body: (Int, ArraySlice<UInt8>) throws -> Void) throws {
        var at = 0, index = 0
        while at < bytes.count {
            guard let first = header(bytes, at: at) else { throw SpliceUnavailable(path: path, problem: "has no FLAC frame at byte \(at)") }
            var next = at + 2
            while true {
                guard let sync = nextSync(bytes, from: next) else {
                    next = bytes.count
                    break
                }
                next = sync
                if frame(bytes, numbered: first.number, at: at, endsAt: next, checked: true) { break }
                next += 1
            }
            try body(index, bytes[at..<next])
            index += 1
            at = next
        }
    }

    /// Where the next 0xFF is in `bytes`, from `from`: a sync code starts with one.
    private static func nextSync(_ bytes: [UInt8], from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { bytes in
            guard let start = bytes.baseAddress else { return nil }
            return memchr(start + from, 0xFF, bytes.count - from).map { UnsafeRawPointer($0) - UnsafeRawPointer(start) }
        }
    }

    /// Whether frame `number`, starting at `start`, ends at `next`: the next frame's header
    /// starts there (the writer's block-size codes, the same rate and channel codes, a valid
    /// CRC-8, the next number), and, when `checked`, the frame's CRC-16 checks. A file whose
    /// SHA-256 is checked as it is read need not pay for the CRC: a false header inside a frame
    /// (about one chance in 10^13 a byte) or an altered file fails the splice, whereupon the
    /// episode is encoded whole.
    private static func frame(_ bytes: [UInt8], numbered number: Int, at start: Int, endsAt next: Int, checked: Bool) -> Bool {
        next + 3 < bytes.count && bytes[next] == 0xFF && bytes[next + 1] == 0xF8
            && bytes[next + 2] & 0x0F == bytes[start + 2] & 0x0F && writersBlockCode(bytes[next + 2])
            && bytes[next + 3] == bytes[start + 3]
            && header(bytes, at: next)?.number == number + 1 && (!checked || crc16(bytes[start..<next]) == 0)
    }

    /// Whether a header's third byte codes the writer's blocks: a 16-bit size (or, for a last
    /// block of at most 256 samples, an 8-bit one).
    private static func writersBlockCode(_ byte: UInt8) -> Bool {
        byte >> 4 == 7 || byte >> 4 == 6
    }

    /// A fixed-blocksize frame header at `at`: its frame number, the bytes that code it, and
    /// the header's length, if the CRC-8 checks.
    static func header(_ bytes: [UInt8], at: Int) -> (number: Int, numberBytes: Int, length: Int)? {
        guard at + 6 <= bytes.count, bytes[at] == 0xFF, bytes[at + 1] == 0xF8 else { return nil }
        var end = at + 4
        // The frame number, UTF-8 coded.
        let lead = bytes[end]
        let extra = lead < 0x80 ? 0 : lead < 0xC0 ? -1 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead < 0xF8 ? 3 : lead < 0xFC ? 4 : lead < 0xFE ? 5 : -1
        guard extra >= 0, end + 1 + extra < bytes.count else { return nil }
        var number = Int(lead) & (extra == 0 ? 0x7F : (0x3F >> extra))
        for k in 1...max(1, extra) where extra > 0 {
            guard bytes[end + k] & 0xC0 == 0x80 else { return nil }
            number = number << 6 | Int(bytes[end + k] & 0x3F)
        }
        end += 1 + extra
        let blockCode = bytes[at + 2] >> 4, rateCode = bytes[at + 2] & 0x0F
        end += blockCode == 6 ? 1 : blockCode == 7 ? 2 : 0
        end += rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0
        guard rateCode != 15, end < bytes.count, crc8(bytes[at..<end]) == bytes[end] else { return nil }
        return (number, 1 + extra, end + 1 - at)
    }

    /// `frame` with frame number `number`, its CRC-8 and CRC-16 made again. When the header
    /// keeps its length, the CRC-16 is updated from the header's change alone (the CRC is linear:
    /// the change's CRC, moved past the body by multiplying by x^(8 × body length)); otherwise
    /// it is computed over the frame.
    static func renumbered(_ frame: ArraySlice<UInt8>, to number: Int) -> [UInt8] {
        let bytes = Array(frame)
        guard let (_, numberBytes, length) = header(bytes, at: 0) else { return bytes }
        var head = Array(bytes[0..<4]) + utf8(number)
        head += bytes[(4 + numberBytes)..<(length - 1)]
        head.append(crc8(head[...]))
        var out = head + bytes[length..<(bytes.count - 2)]
        let crc: UInt16
        if head.count == length {
            let change = zip(head, bytes[0..<length]).map { $0 ^ $1 }
            let old = UInt16(bytes[bytes.count - 2]) << 8 | UInt16(bytes[bytes.count - 1])
            crc = old ^ multiply(crc16(change[...]), xPower8(bytes.count - 2 - length))
        } else {
            crc = crc16(out[...])
        }
        out += [UInt8(crc >> 8), UInt8(crc & 0xFF)]
        return out
    }

    /// a × b modulo the CRC-16 polynomial x^16 + x^15 + x^2 + 1, over GF(2).
    private static func multiply(_ a: UInt16, _ b: UInt16) -> UInt16 {
        var product: UInt32 = 0
        for bit in 0..<16 where b >> bit & 1 == 1 { product ^= UInt32(a) << bit }
        for bit in stride(from: 31, through: 16, by: -1) where product >> bit & 1 == 1 { product ^= 0x18005 << (bit - 16) }
        return UInt16(product)
    }

    /// x^(8n) modulo the polynomial: what `n` zero bytes after a message do to its CRC.
    private static func xPower8(_ n: Int) -> UInt16 {
        var result: UInt16 = 1, base: UInt16 = 0x100, n = n
        while n > 0 {
            if n & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            n >>= 1
        }
        return result
    }

    /// FLAC's UTF-8-like coding of a frame number.
    static func utf8(_ value: Int) -> [UInt8] {
        if value < 0x80 { return [UInt8(value)] }
        // With n continuation bytes the lead byte holds 6 - n bits.
        var continuation: [UInt8] = [], rest = value, room = 0x3F
        repeat {
            continuation.insert(0x80 | UInt8(rest & 0x3F), at: 0)
            rest >>= 6
            room >>= 1
        } while rest > room
        let marks = UInt8(truncatingIfNeeded: 0xFF00 >> (continuation.count + 1))
        return [marks | UInt8(rest)] + continuation
    }

    private static let crc8Table: [UInt8] = (0..<256).map { byte in
        var crc = UInt8(byte)
        for _ in 0..<8 { crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x07 : crc << 1 }
        return crc
    }

    /// At `k << 8 | b`: the CRC-16 of byte `b` followed by `k` zero bytes, to take eight bytes
    /// a step (slicing by 8).
    private static let crc16Table: [UInt16] = {
        var tables = [(0..<256).map { byte in
            var crc = UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x8005 : crc << 1 }
            return crc
        }]
        for k in 1..<8 {
            tables.append((0..<256).map { byte in (tables[k - 1][byte] << 8) ^ tables[0][Int(tables[k - 1][byte] >> 8)] })
        }
        return tables.flatMap { $0 }
    }()

    static func crc8(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        bytes.reduce(0) { crc8Table[Int($0 ^ $1)] }
    }

    /// FLAC's CRC-16 (polynomial 0x8005, no reflection, from 0), eight bytes a step.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        crc16Table.withUnsafeBufferPointer { tables in
            bytes.withUnsafeBufferPointer { bytes in
                var crc: UInt16 = 0, i = 0
                let t = { (k: Int, b: UInt8) in tables[k << 8 | Int(b)] }
                while i + 8 <= bytes.count {
                    let high = UInt8(crc >> 8) ^ bytes[i], low = UInt8(crc & 0xFF) ^ bytes[i + 1]
                    crc = t(7, high) ^ t(6, low) ^ t(5, bytes[i + 2]) ^ t(4, bytes[i + 3])
                        ^ t(3, bytes[i + 4]) ^ t(2, bytes[i + 5]) ^ t(1, bytes[i + 6]) ^ t(0, bytes[i + 7])
                    i += 8
                }
                while i < bytes.count {
                    crc = (crc << 8) ^ t(0, UInt8(crc >> 8) ^ bytes[i])
                    i += 1
                }
                return crc
            }
        }
    }
}
