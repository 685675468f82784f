import Foundation
import Testing
@testable import AudioEdition

/// Charsets by the WHATWG Encoding Standard's labels, decoded by glibc's iconv.
@Suite struct CharsetTests {
    @Test(arguments: [
        ("koi8-u", [0xF5, 0xD2, 0xD1, 0xC4] as [UInt8], "Уряд"),
        ("koi8-r", [0xEB, 0xC9, 0xC5, 0xD7], "Киев"),
        ("windows-1251", [0xCA, 0xE8, 0xBF, 0xE2], "Київ"),
        ("latin1", [0x63, 0x61, 0x66, 0xE9, 0x20, 0x80], "café €"),  // Latin-1's label is Windows-1252
        ("shift_jis", [0x93, 0x8C, 0x8B, 0x9E], "東京"),
        ("x-sjis", [0x93, 0x8C, 0x8B, 0x9E], "東京"),
        ("gb2312", [0xB1, 0xB1, 0xBE, 0xA9], "北京"),
        ("gb18030", [0xB1, 0xB1, 0xBE, 0xA9], "北京"),
        ("big5", [0xA5, 0x78, 0xA5, 0x5F], "台北"),
        ("euc-kr", [0xC7, 0xD1, 0xB1, 0xB9], "한국"),
        ("euc-jp", [0xC5, 0xEC, 0xB5, 0xFE], "東京"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x45, 0x6C, 0x35, 0x7E, 0x1B, 0x28, 0x42], "東京"),
        ("iso-8859-7", [0xC1, 0xE8, 0xDE, 0xED, 0xE1], "Αθήνα"),
        ("windows-1255", [0xF9, 0xEC, 0xE5, 0xED], "שלום"),
        ("ibm866", [0x8A, 0xA8, 0xA5, 0xA2], "Киев"),
        ("utf-16", [0xFF, 0xFE, 0x1A, 0x04, 0x38, 0x04], "Ки"),  // a byte-order mark is dropped
        ("windows-1252", [0xEF, 0xBB, 0xBF, 0xC3, 0xA9], "é"),  // UTF-8's mark decides over the label
        ("x-user-defined", [0x61, 0x80], "a\u{F780}"),
    ])
    func everyWebCharsetIsDecoded(label: String, bytes: [UInt8], text: String) throws {
        let charset = try #require(Charset.labelled(label))
        #expect(try charset.decode(Data(bytes)) == text)
    }

    @Test func labelsAreTheStandardsNamesIgnoringCaseAndSpace() {
        #expect(Charset.labelled(" Shift_JIS\n")?.name == "Shift_JIS")
        #expect(Charset.labelled("ascii")?.name == "windows-1252")
        #expect(Charset.labelled("gbk")?.name == "GBK")
        #expect(Charset.labelled("utf-7") == nil)
        #expect(Charset.labelled("klingon") == nil)
    }

    @Test func badBytesAndUnsafeCharsetsAreErrors() throws {
        let japanese = try #require(Charset.labelled("shift_jis"))
        #expect(throws: CharsetError.invalid(charset: "Shift_JIS", offset: 2)) { try japanese.decode(Data([0x61, 0x62, 0x81])) }
        let unsafe = try #require(Charset.labelled("iso-2022-kr"))
        #expect(throws: CharsetError.refused(charset: "replacement")) { try unsafe.decode(Data([0x61])) }
    }
}
