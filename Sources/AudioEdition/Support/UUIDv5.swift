import CLibCrypto
import Foundation

/// Name-based UUIDs (RFC 9562, version 5): the SHA-1 of the namespace's bytes and the name,
/// by libcrypto, with the version and variant bits set.
public enum UUIDv5 {
    /// The UUID of `name` in `namespace` (a UUID in text), lowercase; nil namespace text
    /// is a programming error caught by the tests, so a bad one gives the nil UUID.
    public static func make(namespace: String, name: String) -> String {
        guard let space = UUID(uuidString: namespace) else { return "00000000-0000-0000-0000-000000000000" }
        let bytes = withUnsafeBytes(of: space.uuid) { Array($0) } + Array(name.utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in _ = SHA1(input.baseAddress, input.count, &digest) }
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hex = digest.prefix(16).lowercaseHex
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
