import Foundation
import Testing
@testable import AudioEdition

@Suite struct SourceTextTests {
    private func problem(_ bytes: [UInt8]) -> ArticleError.Problem? {
        do {
            _ = try SourceText.decode(Data(bytes), path: "x.txt")
            return nil
        } catch {
            return error.problem
        }
    }

    @Test func emptyAndWhitespaceOnlyAreEmpty() {
        #expect(problem([]) == .empty)
        #expect(problem(Array(" \n\t\r\n ".utf8)) == .empty)
        #expect(problem([0xEF, 0xBB, 0xBF, 0x0A]) == .empty)
    }

    @Test func nulBytesOrManyControlsAreBinary() {
        #expect(problem(Array("Title\n\nBody".utf8) + [0]) == .binary)
        #expect(problem((0..<200).map { UInt8($0 % 8 + 1) } + Array("text".utf8)) == .binary)
    }

    @Test func invalidUTF8IsRefusedWithLineAndOffset() {
        let bytes = Array("Title\n\nCaf".utf8) + [0xE9] + Array(" au lait\n".utf8)
        #expect(problem(bytes) == .invalidUTF8(line: 3, byteOffset: 10))
        #expect(problem(Array("ok".utf8) + [0xF0, 0x9F]) == .invalidUTF8(line: 1, byteOffset: 2))
    }

    @Test func cleansLineEndsBOMAndControlCharacters() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("Title\r\n\r\nBody\u{7}text\rmore\u{1B}".utf8)
        #expect(try SourceText.decode(Data(bytes), path: "x.txt") == "Title\n\nBodytext\nmore")
    }

    @Test func messagesNameTheFile() {
        #expect(ArticleError(path: "a/b.txt", problem: .empty).description == "a/b.txt: file is empty")
        #expect(ArticleError(path: "b.txt", problem: .invalidUTF8(line: 2, byteOffset: 9)).description
            == "b.txt: not valid UTF-8 (first bad byte at offset 9, line 2); convert it with iconv first")
    }

    @Test func loadReportsMissingFilesAndDirectoriesAndHashesBytes() throws {
        let folder = try TemporaryFolder()
        #expect(throws: ArticleError(path: folder.url.path + "/nope.txt", problem: .missing)) {
            try SourceText.load(path: folder.url.path + "/nope.txt")
        }
        #expect(throws: ArticleError(path: folder.url.path, problem: .notAFile)) {
            try SourceText.load(path: folder.url.path)
        }
        let url = try folder.write("a.txt", "abc")
        let source = try SourceText.load(path: url.path)
        #expect(source.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
