import Foundation
import Testing
@testable import AudioEdition

@Suite struct FileNameBytesTests {
    @Test func aNameThatIsNotUTF8KeepsItsBytes() {
        let latin1: [UInt8] = Array("/tmp/caf".utf8) + [0xE9] + Array(".txt".utf8)
        let path = FileNameBytes.decode(latin1)
        #expect(FileNameBytes.bytes(path).dropLast().map { UInt8(bitPattern: $0) } == latin1)
        #expect(FileNameBytes.display(path) == "/tmp/caf\\xE9.txt")
        // A truncated sequence and a lone continuation byte are kept byte by byte too.
        let broken: [UInt8] = [0x61, 0xE2, 0x82, 0x62, 0x80]
        #expect(FileNameBytes.bytes(FileNameBytes.decode(broken)).dropLast().map { UInt8(bitPattern: $0) } == broken)
    }

    @Test func aUTF8NameIsItself() {
        let name = "/tmp/Київ café 🙂.txt"
        #expect(FileNameBytes.decode(Array(name.utf8)) == name)
        #expect(FileNameBytes.display(name) == name)
        #expect(FileNameBytes.bytes(name).dropLast().map { UInt8(bitPattern: $0) } == Array(name.utf8))
    }

    @Test func aLatin1NamedFileIsReadAndOthersAreRefusedBeforeTheyAreOpened() throws {
        let folder = try TemporaryFolder()
        let bytes = Array(folder.url.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".txt".utf8)
        let fd = open(bytes.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT, 0o644)
        #expect(fd >= 0)
        _ = "Headline\n\nBody text.\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let path = FileNameBytes.decode(bytes)
        #expect(FileNameBytes.exists(path))
        #expect(try SourceFile.load(path: path).data == Data("Headline\n\nBody text.\n".utf8))

        let fifo = folder.url.appendingPathComponent("pipe.txt").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: ArticleError(path: fifo, problem: .special("a FIFO (named pipe)"))) { try SourceFile.load(path: fifo) }
        #expect(throws: ArticleError(path: "/dev/null", problem: .special("a character device"))) { try SourceFile.load(path: "/dev/null") }
    }
}
