import Foundation

/// Stable episode ids. An id comes from the source's identity, never its content, so an
/// edited article keeps its id.
public enum EpisodeID {
    /// `<slug of the file name>-<8 hex digits of the hash of the absolute path>`.
    public static func forSource(path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let stem = URL(fileURLWithPath: absolute).deletingPathExtension().lastPathComponent
        return "\(slug(stem))-\(SHA256.hex(absolute).prefix(8))"
    }

    /// Lowercase ASCII letters and digits joined by single hyphens, at most 48 characters.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !out.isEmpty { out.append("-") }
                out.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
            if out.count >= 48 { break }
        }
        return out.isEmpty ? "episode" : out
    }
}
