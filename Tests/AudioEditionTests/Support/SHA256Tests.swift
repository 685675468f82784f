import Foundation
import Testing
@testable import AudioEdition

/// SHA-256 by libcrypto, pinned to FIPS 180-4's vectors, streamed in pieces across block
/// boundaries, on a thread of its own, and over a file; and the digests the manifests of
/// earlier builds recorded, which must not change.
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
            let hasher = SHA256()
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

    /// A segment's content address and an episode id's suffix, as the hand-written SHA-256
    /// made them before: cached segments and published ids stay valid.
    @Test func addressesMadeBeforeAreUnchanged() {
        // The demo's id, made by the hand-written SHA-256 in earlier builds.
        #expect(EpisodeID.make(title: "Harbour ferry returns after winter", identity: "/work/main/Tests/EditionCLITests/Fixtures/example-article.txt")
            == "harbour-ferry-returns-after-winter-e13d743d")
        #expect(SHA256.hex("The quick brown fox jumps over the lazy dog")
            == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }
}
