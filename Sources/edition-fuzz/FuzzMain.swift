import EditionFuzzing
import Foundation
#if FUZZING
import CLibFuzzer
#endif

/// Built for fuzzing (`make fuzz`: `-sanitize=fuzzer,address -D FUZZING`), this hands the
/// command line to libFuzzer, which feeds every input to the target named by `$FUZZ_TARGET`.
/// Built as usual, it replays files: `edition-fuzz TARGET FILE...`.
@main
struct FuzzMain {
    static func main() {
        #if FUZZING
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
        guard FuzzTarget(rawValue: name) != nil else { usage("FUZZ_TARGET must name a target (got \"\(name)\")") }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            // libFuzzer may hand an empty input as a null pointer.
            fuzzed.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        })
        #else
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else { usage("usage: edition-fuzz TARGET FILE...") }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { usage("\(path): cannot read") }
            target.run(data)
            print("\(path): ok")
        }
        #endif
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("edition-fuzz: \(problem); targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))\n".utf8))
        exit(2)
    }
}

#if FUZZING
/// The target, read once: libFuzzer's callback is a C function and captures nothing.
private let fuzzed = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "")!
#endif
