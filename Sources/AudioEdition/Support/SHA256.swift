import CLibCrypto
import Foundation

/// SHA-256 (FIPS 180-4), streaming, by OpenSSL's libcrypto (`EVP_sha256`): fast on every
/// CPU, with the SHA instructions where there are any. The one owner of its digest context,
/// freed in `deinit`.
public final class SHA256: @unchecked Sendable {
    private let context: OpaquePointer

    public init() {
        // Allocation is the only way this fails.
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest context") }
        self.context = context
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update<D: DataProtocol>(_ data: D) {
        for region in data.regions {
            region.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress, !bytes.isEmpty { EVP_DigestUpdate(context, base, bytes.count) }
            }
        }
    }

    public func update(_ string: String) {
        update(Data(string.utf8))
    }

    /// The digest as 64 lowercase hex digits; the hasher is spent.
    public func hexDigest() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.prefix(Int(length)).lowercaseHex
    }

    public static func hex<D: DataProtocol>(_ data: D) -> String {
        let hasher = SHA256()
        hasher.update(data)
        return hasher.hexDigest()
    }

    public static func hex(_ string: String) -> String { hex(Data(string.utf8)) }

    /// Hashes a file in fixed-size chunks, so memory stays flat for long episodes.
    public static func hex(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 18), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hasher.hexDigest()
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
