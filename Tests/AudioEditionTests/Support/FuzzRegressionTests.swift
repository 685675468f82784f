import EditionFuzzing
import Foundation
import Testing

/// Every input the fuzzers found a crash or hang with (`Tests/Fuzz/regressions/<target>/`),
/// and every seed (`Tests/Fuzz/corpus/<target>/`), run through its target as `make fuzz`
/// runs it. A target checks its own promises with `precondition`, so a regression stops
/// this test process as it stopped the fuzzer.
@Suite struct FuzzRegressionTests {
    static let fuzzFolder = repositoryRoot.appendingPathComponent("Tests/Fuzz")

    static func inputs(under folder: String) -> [(target: FuzzTarget, file: URL)] {
        FuzzTarget.allCases.flatMap { target in
            let directory = fuzzFolder.appendingPathComponent("\(folder)/\(target.rawValue)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().map { (target, directory.appendingPathComponent($0)) }
        }
    }

    @Test func everyTargetHasSeeds() {
        let seeded = Set(Self.inputs(under: "corpus").map(\.target))
        #expect(seeded == Set(FuzzTarget.allCases), "targets without seeds: \(Set(FuzzTarget.allCases).subtracting(seeded))")
    }

    @Test(arguments: inputs(under: "regressions"))
    func regressionStaysFixed(target: FuzzTarget, file: URL) throws {
        target.run(try Data(contentsOf: file))
    }

    @Test func seedsRunClean() throws {
        for (target, file) in Self.inputs(under: "corpus") { target.run(try Data(contentsOf: file)) }
    }
}
