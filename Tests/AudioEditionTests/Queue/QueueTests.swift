@testable import AudioEdition
import Foundation
import Testing

/// The parts of the queue that need no server: the stored request, the status JSON, and
/// libpq's own messages when a connection cannot be made. A real server is in `Tests/Queue`.
@Suite struct QueueTests {
    @Test func aRequestSurvivesItsJSONAndItsSettingsLeaveOutTheSources() throws {
        var request = JobRequest(kind: .article, sources: ["/news/a.html"], output: "/srv/out", formats: [.mp3, .opus], voice: "newsreader",
                                 language: "uk", profile: "evening")
        request.loudness = -23
        request.bitrate = 96
        let decoded = try JobRequest.decode(request.encoded())
        #expect(decoded == request)
        var other = request
        other.sources = ["/news/b.html"]
        #expect(other.settings == request.settings)
        other.formats = [.mp3]
        #expect(other.settings != request.settings)
        let master = request.master()
        #expect(master == MasterSettings(loudness: -23, truePeak: -1, mp3Bitrate: 96))
        #expect(request.encoded().contains(#""sources":["/news/a.html"]"#))
    }

    @Test func aRequestOfAnotherShapeIsRefused() {
        #expect(throws: DecodingError.self) { try JobRequest.decode(#"{"kind":"podcast","sources":[]}"#) }
    }

    @Test func statusJSONHasTheCountsAndTheFailures() throws {
        var status = QueueStatus(queued: 1, running: 2, done: 3, failed: 1)
        status.failures = [.init(id: 7, kind: "article", sources: ["/a.html"], attempts: 3, message: "no article text found in /a.html")]
        let object = try #require(JSONSerialization.jsonObject(with: Data(status.json().utf8)) as? [String: Any])
        #expect(object["queued"] as? Int == 1 && object["running"] as? Int == 2 && object["done"] as? Int == 3 && object["failed"] as? Int == 1)
        let failures = try #require(object["failures"] as? [[String: Any]])
        #expect(failures.first?["id"] as? Int == 7 && failures.first?["message"] as? String == "no article text found in /a.html")
    }

    @Test func aConnectionThatCannotBeMadeCarriesLibpqsMessage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("no-server-\(UUID().uuidString)")
        do {
            _ = try PostgresConnection(url: "postgresql://edition@/queue?host=\(folder.path)&port=5999")
            Issue.record("connected to nothing")
        } catch let error as DatabaseError {
            #expect(error.connectionLost)
            #expect(error.message.contains("cannot connect to user=edition dbname=queue host=\(folder.path) port=5999"))
            #expect(error.message.contains("\(folder.path)/.s.PGSQL.5999"))
            #expect(error.message.contains("No such file or directory"))
            #expect(!error.message.contains("\n"))
        }
        #expect(throws: DatabaseError.self) { try PostgresConnection(url: "postgresql://%zz@/queue") }
        do {
            _ = try PostgresConnection(url: "postgresql://%zz@/queue")
        } catch let error as DatabaseError {
            #expect(error.message.contains("invalid percent-encoded token"), "\(error.message)")
        }
    }

    /// Every form libpq reads a password in: libpq's own parse decides what is hidden.
    @Test(arguments: [
        ("postgresql://edition:hunter2@db/queue", "user=edition password=**** dbname=queue host=db"),
        ("postgresql:///queue?host=db&password=hunter2", "password=**** dbname=queue host=db"),
        ("postgres://edition:hunt%65r2@db:5433/queue?sslmode=disable", "user=edition password=**** dbname=queue host=db port=5433 sslmode=disable"),
        ("postgresql://edition@db1,db2/queue?pass%77ord=hunter2", "user=edition password=**** dbname=queue host=db1,db2 port=,"),
        ("host=db password=hunter2 dbname=queue", "password=**** dbname=queue host=db"),
        ("host=db password = 'hunter2 with spaces' dbname=queue", "password=**** dbname=queue host=db"),
        ("host=db sslpassword=hunter2 dbname=queue", "dbname=queue host=db sslpassword=****"),
        ("postgresql://edition@db/queue", "user=edition dbname=queue host=db"),
        ("host=db hunter2 dbname=queue", "a connection string libpq cannot read (missing \"=\" after \"…\" in connection info string)"),
    ]) func aPasswordIsNotRepeatedInMessages(connection: String, shown: String) {
        let redacted = PostgresConnection.redacted(connection)
        #expect(!redacted.contains("hunter") && !redacted.contains("hunt%65r"), "\(redacted)")
        #expect(redacted == shown)
    }

    /// A connection that fails names its settings, never the password, in either form.
    @Test(arguments: ["host=/nonexistent password=hunter2 dbname=queue", "postgresql:///queue?host=/nonexistent&password=hunter2",
                      "host=/nonexistent password hunter2"])
    func aFailedConnectionHidesThePassword(connection: String) {
        do {
            _ = try PostgresConnection(url: connection)
            Issue.record("connected to \(connection)")
        } catch {
            #expect(!"\(error)".contains("hunter2"), "\(error)")
            #expect("\(error)".hasPrefix("cannot connect"))
        }
    }
}
