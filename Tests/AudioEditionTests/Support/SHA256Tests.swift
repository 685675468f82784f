import Foundation
import Testing
@testable import AudioEdition

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func streamingMatchesOneShotAcrossBlockBoundaries() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        let whole = SHA256.hex(data)
        for split in [1, 55, 56, 63, 64, 65, 128, 999] {
            var hasher = SHA256()
            hasher.update(data.prefix(split))
            hasher.update(data.dropFirst(split))
            #expect(hasher.hexDigest() == whole, "split at \(split)")
        }
    }

    /// Taken on a thread of its own, piece by piece, the digest is the one-shot digest.
    @Test func aBackgroundHashIsTheOneShotHash() throws {
        let data = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let hasher = SHA256.Background()
        for start in stride(from: 0, to: data.count, by: 65_537) { try hasher.update(data[start..<min(start + 65_537, data.count)]) }
        #expect(try hasher.hexDigest() == SHA256.hex(data))
        #expect(try SHA256.Background().hexDigest() == SHA256.hex(Data()))
    }

    /// The hardware and portable block functions agree on every length around a block.
    @Test func portableAndHardwarePathsAgree() {
        let data = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) })
        for length in [0, 1, 63, 64, 65, 127, 128, 129, 1000, 4096] {
            var portable = SHA256()
            portable.useHardware = false
            portable.update(data.prefix(length))
            var auto = SHA256()
            auto.update(data.prefix(length))
            #expect(portable.hexDigest() == auto.hexDigest(), "length \(length)")
        }
    }

    @Test func millionAs() {
        #expect(SHA256.hex(Data(repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fileHashMatchesDataHash() throws {
        let folder = try TemporaryFolder()
        let data = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let url = try folder.write("blob", data)
        #expect(try SHA256.hex(fileAt: url) == SHA256.hex(data))
    }
}
