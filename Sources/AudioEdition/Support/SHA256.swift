import CSHA256
import Foundation

/// SHA-256 (FIPS 180-4), streaming.
///
/// Foundation on Linux has no CryptoKit, and swift-crypto would add a minute to every
/// clean build for one function, so the project carries its own. Every episode file is
/// hashed for the manifest, so speed matters: the block function is a small C kernel
/// (`CSHA256`) that uses the CPU's SHA instructions where it has them.
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Tests turn this off to check the portable block function against the hardware one.
    var useHardware = true
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() { pending.reserveCapacity(64) }

    public mutating func update<D: DataProtocol>(_ data: D) {
        for region in data.regions {
            region.withUnsafeBytes { update(bytes: $0) }
        }
    }

    public mutating func update(_ string: String) {
        update(Data(string.utf8))
    }

    private mutating func update(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            if pending.count == 64 {
                pending.withUnsafeBytes { block in
                    if let start = block.baseAddress { compress(start, blocks: 1) }
                }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let blocks = (bytes.count - offset) / 64
        if blocks > 0 {
            compress(base + offset, blocks: blocks)
            offset += blocks * 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: bytes[offset...])
        }
    }

    /// The digest as 64 lowercase hex digits.
    public consuming func hexDigest() -> String {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        let padding = (pending.count + 1) % 64 <= 56 ? 56 - (pending.count + 1) % 64 : 120 - (pending.count + 1) % 64
        tail.append(contentsOf: repeatElement(0, count: padding))
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let savedLength = length
        update(Data(tail))
        length = savedLength
        return state.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    public static func hex<D: DataProtocol>(_ data: D) -> String {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.hexDigest()
    }

    public static func hex(_ string: String) -> String { hex(Data(string.utf8)) }

    /// Hashes a file in fixed-size chunks, so memory stays flat for long episodes.
    public static func hex(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 18), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hasher.hexDigest()
    }

    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        state.withUnsafeMutableBufferPointer { state in
            guard let words = state.baseAddress else { return }
            sha256_kernel_compress(words, data.assumingMemoryBound(to: UInt8.self), blocks, useHardware ? 1 : 0)
        }
    }
}

extension SHA256 {
    /// A SHA-256 taken on a thread of its own, a few blocks behind the bytes given: a file can
    /// be checked while it is read for something else.
    final class Background {
        /// `@unchecked Sendable`: used only on the stage's queue until `hexDigest` has waited for it.
        private final class State: @unchecked Sendable { var hasher = SHA256() }
        private let state = State()
        private let stage: BackgroundStage<Data>

        init() {
            let state = state
            stage = BackgroundStage("sha256") { state.hasher.update($0) }
        }

        func update(_ data: Data) throws { try stage.send(data) }

        func hexDigest() throws -> String {
            try stage.finish()
            return state.hasher.hexDigest()
        }
    }
}
