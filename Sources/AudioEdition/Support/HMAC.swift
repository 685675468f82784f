import CLibCrypto
import Foundation

/// HMAC-SHA256 (RFC 2104), by OpenSSL's libcrypto in one call: there is no handle to own.
public enum HMAC {
    /// The code of `message` under `key`, as 64 lowercase hex digits.
    public static func sha256(key: Data, message: Data) -> String {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let keyBytes = Array(key), messageBytes = Array(message)
        keyBytes.withUnsafeBufferPointer { keyBuffer in
            messageBytes.withUnsafeBufferPointer { messageBuffer in
                _ = CLibCrypto.HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                                    messageBuffer.baseAddress, messageBuffer.count, &code, &length)
            }
        }
        return code.prefix(Int(length)).lowercaseHex
    }
}
