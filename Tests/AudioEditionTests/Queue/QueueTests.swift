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
            #expect(error.message.contains("cannot connect to postgresql://edition@/queue"))
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

    @Test func aPasswordIsNotRepeatedInMessages() {
        #expect(PostgresConnection.redacted("postgresql://edition:secret@db/queue") == "postgresql://edition:****@db/queue")
        #expect(PostgresConnection.redacted("postgresql://edition@db/queue") == "postgresql://edition@db/queue")
    }
}
