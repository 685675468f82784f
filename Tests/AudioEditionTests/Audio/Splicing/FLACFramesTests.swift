import Foundation
import Testing
@testable import AudioEdition

/// FLAC frame numbers as splicing rewrites them.
@Suite struct FLACFramesTests {
    @Test func frameNumbersAreCodedAsFLACCodesThem() {
        #expect(FLACFrames.utf8(0) == [0x00] && FLACFrames.utf8(127) == [0x7F])
        #expect(FLACFrames.utf8(128) == [0xC2, 0x80] && FLACFrames.utf8(1500) == [0xD7, 0x9C] && FLACFrames.utf8(2047) == [0xDF, 0xBF])
        #expect(FLACFrames.utf8(2048) == [0xE0, 0xA0, 0x80] && FLACFrames.utf8(65535) == [0xEF, 0xBF, 0xBF])
        #expect(FLACFrames.utf8(65536) == [0xF0, 0x90, 0x80, 0x80])
    }

    /// A frame renumbered across a change of the number's length still parses, with its new
    /// number, and its CRC-16 checks.
    @Test func renumberedFramesKeepTheirBodyAndCheck() {
        var frame: [UInt8] = [0xFF, 0xF8, 0x79, 0x08] + FLACFrames.utf8(100) + [0x0F, 0xBF]  // blocksize 4032 - 1, 16 bits
        frame.append(FLACFrames.crc8(frame[...]))
        frame += [0x02, 0x00, 0x00, 0x12, 0x34]
        let crc = FLACFrames.crc16(frame[...])
        frame += [UInt8(crc >> 8), UInt8(crc & 0xFF)]
        #expect(FLACFrames.header(frame, at: 0)?.number == 100)
        for number in [5, 100, 1500, 3000, 40000, 70000] {
            let moved = FLACFrames.renumbered(frame[...], to: number)
            #expect(FLACFrames.header(moved, at: 0)?.number == number)
            #expect(FLACFrames.crc16(moved[...]) == 0)
            #expect(moved.suffix(7).prefix(5).elementsEqual([0x02, 0x00, 0x00, 0x12, 0x34]))
        }
        // A long body: the CRC-16 updated from the header's change alone still checks.
        var long = Array(frame.prefix(8))
        var seed: UInt32 = 12345
        long += (0..<6000).map { _ in
            seed = seed &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: seed >> 16)
        }
        let longCRC = FLACFrames.crc16(long[...])
        long += [UInt8(longCRC >> 8), UInt8(longCRC & 0xFF)]
        for number in [7, 127, 128, 2047] {
            let moved = FLACFrames.renumbered(long[...], to: number)
            #expect(FLACFrames.header(moved, at: 0)?.number == number && FLACFrames.crc16(moved[...]) == 0, "\(number)")
        }
    }
}
