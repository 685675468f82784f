import CLibPQ
import Foundation

/// What went wrong talking to PostgreSQL, in libpq's words.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The server's SQLSTATE, when it answered with one.
    public var sqlState: String?
    /// The connection is gone (the server restarted, the network dropped): reconnecting may help.
    public var connectionLost: Bool

    public var description: String { message }
}

/// One connection to PostgreSQL through libpq, owned here and closed in `deinit`. Queries
/// take text parameters and return text values. Not for sharing between threads: each user
/// has its own, or guards it.
public final class PostgresConnection {
    public typealias Row = [String?]

    private let connection: OpaquePointer
    private let url: String

    /// Connects to a libpq connection URI or `key=value` string.
    public init(url: String) throws {
        self.url = url
        guard Self.readable(url) else {
            throw DatabaseError(message: "cannot connect: \(Self.redacted(url))", sqlState: nil, connectionLost: false)
        }
        guard let connection = PQconnectdb(url) else {
            throw DatabaseError(message: "cannot connect to \(Self.redacted(url)): out of memory", sqlState: nil, connectionLost: true)
        }
        self.connection = connection
        // Notices ("relation already exists, skipping") are not the user's business.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        guard PQstatus(connection) == CONNECTION_OK else {
            // Every property is set, so `deinit` runs, and closes it.
            let message = Self.text(PQerrorMessage(connection))
            throw DatabaseError(message: "cannot connect to \(Self.redacted(url)): \(message)", sqlState: nil, connectionLost: true)
        }
    }

    deinit { PQfinish(connection) }

    public var isConnected: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Connects again with the same settings, after the server restarted or the network dropped.
    public func reconnect() throws {
        PQreset(connection)
        guard isConnected else {
            throw DatabaseError(message: "cannot connect to \(Self.redacted(url)): \(Self.text(PQerrorMessage(connection)))",
                                sqlState: nil, connectionLost: true)
        }
    }

    /// Runs one statement with `$1`... bound to `parameters` (nil is NULL) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [Row] {
        let result = withCStrings(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
            let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
            return (0..<rows).map { row in
                (0..<columns).map { column in
                    PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                }
            }
        default:
            let state = result.flatMap { PQresultErrorField($0, ae_pq_diag_sqlstate) }.map { String(cString: $0) }
            // libpq's message, without the "ERROR:  " its severity adds.
            var message = result.map { Self.text(PQresultErrorMessage($0)) }.flatMap { $0.isEmpty ? nil : $0 }
                ?? Self.text(PQerrorMessage(connection))
            if let colon = message.range(of: ":  "), message[..<colon.lowerBound].allSatisfy(\.isUppercase) {
                message = String(message[colon.upperBound...])
            }
            // Class 08 is a connection exception; 57P01-57P03, the server shutting down or starting.
            let lost = !isConnected || state.map { $0.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains($0) } ?? false
            throw DatabaseError(message: message, sqlState: state, connectionLost: lost)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN")
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            if isConnected { _ = try? query("ROLLBACK") }
            throw error
        }
    }

    /// Waits up to `seconds` for a notification on a channel this connection `LISTEN`s to;
    /// true when one came (all that came are taken).
    public func waitForNotification(seconds: Double) throws -> Bool {
        if takeNotifications() { return true }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw lost() }
        let ready = poll(&descriptor, 1, Int32(max(0, seconds) * 1000))
        guard ready > 0 else { return false }
        guard PQconsumeInput(connection) == 1 else { throw lost() }
        return takeNotifications()
    }

    private func takeNotifications() -> Bool {
        var any = false
        while let notification = PQnotifies(connection) {
            PQfreemem(notification)
            any = true
        }
        return any
    }

    private func lost() -> DatabaseError {
        DatabaseError(message: Self.text(PQerrorMessage(connection)), sqlState: nil, connectionLost: true)
    }

    /// libpq's text on one line: its messages run over several, indented.
    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        (pointer.map { String(cString: $0) } ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A connection string for messages: the settings libpq reads from it, as `key=value`,
    /// with every value libpq marks as a password (`password`, `sslpassword`) hidden. libpq
    /// decides, so every form it accepts is covered: `key=value` with or without quotes, a URI
    /// with the password in its user part or its query, percent-encoded or not.
    static func redacted(_ url: String) -> String {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            defer { PQfreemem(error) }
            return "a connection string libpq cannot read (\(masked(text(error))))"
        }
        defer { PQconninfoFree(options) }
        var settings: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                let secret = option.pointee.dispchar.map { String(cString: $0) == "*" } ?? false
                settings.append(String(cString: keyword) + "=" + (secret ? "****" : quoted(String(cString: value))))
            }
            option += 1
        }
        return settings.isEmpty ? "the default connection" : settings.joined(separator: " ")
    }

    /// Whether libpq can read the connection string at all.
    static func readable(_ url: String) -> Bool {
        guard let options = PQconninfoParse(url, nil) else { return false }
        PQconninfoFree(options)
        return true
    }

    /// A value as a `key=value` string writes it.
    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" }) else { return value }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// libpq's parse error, whose quotes may hold a piece of the string (a password given
    /// without its `=`): a quoted piece shows only when it is one of libpq's keywords or
    /// has no letter or digit in it.
    private static func masked(_ message: String) -> String {
        var keywords = Set<String>()
        if let defaults = PQconndefaults() {
            var option = defaults
            while let keyword = option.pointee.keyword { keywords.insert(String(cString: keyword)); option += 1 }
            PQconninfoFree(defaults)
        }
        let pieces = message.components(separatedBy: "\"")
        return pieces.enumerated().map { index, piece in
            index % 2 == 1 && !keywords.contains(piece) && piece.contains(where: { $0.isLetter || $0.isNumber }) ? "…" : piece
        }.joined(separator: "\"")
    }

    private func withCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
