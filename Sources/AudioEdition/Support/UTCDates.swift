import Foundation

/// Dates as the manifest, tags and feed write them, always in UTC.
public enum UTCDates {
    /// `2023-12-15`
    static func day(_ date: Date) -> String { format(date, "yyyy-MM-dd") }

    /// `2023-12-15T06:00:00Z`, for log lines.
    public static func iso8601(_ date: Date) -> String { format(date, "yyyy-MM-dd'T'HH:mm:ss'Z'") }

    /// `Fri, 15 Dec 2023 06:00:00 +0000`, as RSS wants.
    static func rfc2822(_ date: Date) -> String { format(date, "EEE, dd MMM yyyy HH:mm:ss '+0000'") }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
