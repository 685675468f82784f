import Foundation

/// File names are bytes; paths here are Strings. A name that is not UTF-8 (a Latin-1
/// "caf\xE9.txt") keeps each byte that does not decode as the private-use character
/// U+F700 + byte, which no real name uses, so the path goes through the tool, the manifest
/// and back to the file system unchanged. Messages show such a byte as `\xE9`.
public enum FileNameBytes {
    private static let base: UInt32 = 0xF700
    /// Where the bytes 0x80-0xFF are kept.
    private static let kept = (base + 0x80)...(base + 0xFF)

    /// The command line, each argument decoded this way.
    public static func arguments() -> [String] {
        (0..<Int(CommandLine.argc)).map { index in
            CommandLine.unsafeArgv[index].map { decode(Array(UnsafeBufferPointer(start: $0, count: strlen($0))).map(UInt8.init(bitPattern:))) } ?? ""
        }
    }

    public static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            var iterator = bytes[index...].makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                index += encoded.count
            case let .error(length):
                // Bytes that start no character: each kept as its own (they are all over 0x7F).
                for byte in bytes[index..<(index + length)] { scalars.append(Unicode.Scalar(base + UInt32(byte)) ?? "\u{FFFD}") }
                index += length
            case .emptyInput: index = bytes.count
            }
        }
        return String(scalars)
    }

    /// The bytes to hand the system, NUL-terminated.
    public static func bytes(_ path: String) -> [CChar] {
        var bytes: [UInt8] = []
        for scalar in path.unicodeScalars {
            if kept.contains(scalar.value) { bytes.append(UInt8(scalar.value - base)) } else { bytes += Array(String(scalar).utf8) }
        }
        return bytes.map { CChar(bitPattern: $0) } + [0]
    }

    /// Whether the path holds bytes that are not UTF-8 (kept as private-use characters).
    public static func keepsBytes(_ path: String) -> Bool {
        path.unicodeScalars.contains { kept.contains($0.value) }
    }

    /// Whether the path names anything (a file, a folder, ...).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(bytes(path), &info) == 0
    }

    /// The path as a message shows it: every kept byte as `\xNN`.
    public static func display(_ path: String) -> String {
        guard keepsBytes(path) else { return path }
        return path.unicodeScalars.map { scalar in
            kept.contains(scalar.value) ? String(format: "\\x%02X", scalar.value - base) : String(scalar)
        }.joined()
    }
}
