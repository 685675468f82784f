import Foundation
import Testing
@testable import AudioEdition

@Suite struct VoiceProfileTests {
    @Test func bundledNewsreaderLoadsAndIsValid() throws {
        let profile = try VoiceLibrary(folder: voicesFolder).load("newsreader")
        #expect(profile.name == "newsreader")
        #expect(profile.espeakVoice == "en-us")
        #expect((80...450).contains(profile.rate))
        #expect(profile.pauses.afterTitle > profile.pauses.betweenParagraphs)
    }

    @Test func unknownNameListsTheAvailableVoices() throws {
        let folder = try TemporaryFolder()
        try folder.write("alpha.json", "{}")
        try folder.write("beta.json", "{}")
        try folder.write("notes.txt", "")
        #expect(throws: VoiceError.unknownVoice(name: "gamma", available: ["alpha", "beta"])) {
            try VoiceLibrary(folder: folder.url).load("gamma")
        }
        #expect(VoiceError.unknownVoice(name: "gamma", available: ["alpha", "beta"]).description
            == "unknown voice 'gamma'; available voices: alpha, beta")
    }

    @Test func brokenOrOutOfRangeProfilesAreRejectedByName() throws {
        let folder = try TemporaryFolder()
        try folder.write("broken.json", "{\"name\": \"broken\"}")
        var fast = VoiceProfile(name: "fast")
        fast.rate = 900
        try folder.write("fast.json", JSONEncoder().encode(fast))
        let library = VoiceLibrary(folder: folder.url)
        #expect(throws: VoiceError.unreadableProfile(path: folder.url.path + "/broken.json", problem: "missing key 'description'")) {
            try library.load("broken")
        }
        #expect(throws: VoiceError.invalidProfile(name: "fast", problem: "rate 900 is outside 80...450 words per minute")) {
            try library.load("fast")
        }
    }

    @Test func fileNameIsTheProfileName() throws {
        let folder = try TemporaryFolder()
        try folder.write("anchor.json", JSONEncoder().encode(VoiceProfile(name: "something-else")))
        #expect(try VoiceLibrary(folder: folder.url).load("anchor").name == "anchor")
    }

    @Test func hashFollowsTheSoundNotTheDescription() {
        let base = VoiceProfile(name: "v", description: "one")
        var described = base
        described.description = "two"
        var slower = base
        slower.rate = 150
        var longerPause = base
        longerPause.pauses.betweenParagraphs = 1.5
        #expect(base.sha256 == described.sha256)
        #expect(base.sha256 != slower.sha256)
        #expect(base.sha256 != longerPause.sha256)
    }
}
