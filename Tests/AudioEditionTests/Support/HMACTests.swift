import Foundation
import Testing
@testable import AudioEdition

/// HMAC-SHA256 against RFC 4231's test cases: the webhooks' signatures are what any
/// receiver computes.
@Suite struct HMACTests {
    @Test(arguments: [
        // Case 1: a 20-byte key of 0x0b.
        (Data(repeating: 0x0B, count: 20), Data("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        // Case 2: a short key.
        (Data("Jefe".utf8), Data("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        // Case 6: a key longer than a block, hashed first.
        (Data(repeating: 0xAA, count: 131), Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func rfc4231(key: Data, message: Data, code: String) {
        #expect(HMAC.sha256(key: key, message: message) == code)
    }
}
