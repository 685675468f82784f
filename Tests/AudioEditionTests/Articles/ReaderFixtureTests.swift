import Foundation
import Testing
@testable import AudioEdition

/// Every page under `Fixtures/pages` with a `.expected.json` beside it, scored with the
/// issue's figures. `Tests/Benchmarks/score_readers.py` prints the same figures through
/// `edition read --json`.
@Suite struct ReaderFixtureTests {
    struct Expected: Decodable {
        var title: String
        var byline: [String]
        var published: String?
        var paragraphs: [String]
    }

    struct Page {
        var url: URL
        var expected: Expected
    }

    static func pages() throws -> [Page] {
        let folder = fixture("pages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.filter { $0.hasSuffix(".expected.json") }.map { name in
            let stem = String(name.dropLast(".expected.json".count))
            let page = try #require(names.first { $0.hasPrefix(stem + ".") && !$0.hasSuffix(".expected.json") })
            let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            return Page(url: folder.appendingPathComponent(page), expected: expected)
        }
    }

    @Test func fixturePagesMeetTheQualityBar() throws {
        let pages = try Self.pages()
        #expect(pages.count >= 19)
        var titles = 0, bylines = 0, dated = 0, dates = 0, expectedParagraphs = 0, found = 0, spoken = 0, leaked = 0
        var misses: [String] = []
        for page in pages {
            let article = try ArticleReader().read(path: page.url.path).article
            let want = page.expected
            titles += article.title == want.title ? 1 : 0
            bylines += article.byline == want.byline ? 1 : 0
            if let published = want.published {
                dated += 1
                dates += article.published == published ? 1 : 0
            }
            let got = article.blocks.map(\.text)
            expectedParagraphs += want.paragraphs.count
            found += want.paragraphs.filter(got.contains).count
            spoken += got.count
            let extra = got.filter { !want.paragraphs.contains($0) }
            leaked += extra.count
            if article.title != want.title || article.byline != want.byline || article.published != want.published
                || !extra.isEmpty || found < expectedParagraphs {
                misses.append("\(page.url.lastPathComponent): \(article.title) | \(article.byline) | \(article.published ?? "-") | extra \(extra)")
            }
        }
        #expect(Double(titles) >= 0.9 * Double(pages.count), "\(misses)")
        #expect(Double(dates) >= 0.85 * Double(dated), "\(misses)")
        #expect(Double(found) >= 0.95 * Double(expectedParagraphs), "\(misses)")
        #expect(Double(leaked) <= 0.05 * Double(spoken), "\(misses)")
        #expect(Double(bylines) >= 0.9 * Double(pages.count), "\(misses)")
    }

    /// The seed page gives exactly its headline, byline, date and seven paragraphs.
    @Test func seedYieldsTheStoryAndNothingElse() throws {
        let source = try ArticleReader().read(path: fixture("pages/seed-kyiv-independent.txt").path)
        let article = source.article
        #expect(source.format == .text)
        #expect(article.title == "US and Ukraine to attend joint defense industry conference in December")
        #expect(article.byline == ["Rachel Amran"])
        #expect(article.published == "2023-11-18")
        #expect(article.blocks.count == 7)
        #expect(article.blocks.first?.text.hasPrefix("The United States and Ukraine will attend") == true)
        #expect(article.blocks.last?.text.hasSuffix("defend against outside aggression.") == true)
        #expect(article.standfirst == nil)
        // The paragraph that is one quotation is kept as a quote, for a second voice.
        #expect(article.blocks.map(\.kind) == [.paragraph, .paragraph, .paragraph, .paragraph, .quote, .paragraph, .paragraph])
    }
}
