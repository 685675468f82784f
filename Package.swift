// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "AudioEdition",
    products: [
        .library(name: "AudioEdition", targets: ["AudioEdition"]),
        .executable(name: "edition", targets: ["edition"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEspeakNG",
            pkgConfig: "espeak-ng",
            providers: [.apt(["libespeak-ng-dev"])]
        ),
        .systemLibrary(
            name: "CSndFile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CEBUR128",
            pkgConfig: "libebur128",
            providers: [.apt(["libebur128-dev"])]
        ),
        .systemLibrary(
            name: "CSoxr",
            pkgConfig: "soxr",
            providers: [.apt(["libsoxr-dev"])]
        ),
        .systemLibrary(
            name: "CLibOpusEnc",
            pkgConfig: "libopusenc",
            providers: [.apt(["libopusenc-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLame",
            pkgConfig: "lame",
            providers: [.apt(["libmp3lame-dev"])]
        ),
        .systemLibrary(
            name: "CFLAC",
            pkgConfig: "flac",
            providers: [.apt(["libflac-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // GitHub Flavored Markdown (CommonMark with tables and strikethrough), for the Markdown reader.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // sherpa-onnx's C API, which runs the Piper voices on ONNX Runtime; installed from the
        // PyPI wheel sherpa-onnx-core by .ci/install-neural, with a pkg-config file of its own.
        .systemLibrary(
            name: "CSherpaOnnx",
            pkgConfig: "sherpa-onnx"
        ),
        // glibc's mallopt, for the edition tool's memory policy.
        .systemLibrary(name: "CMalloc"),
        // SHA-256 block function on the CPU's SHA instructions; see SHA256.swift.
        .target(name: "CSHA256"),
        .target(
            name: "AudioEdition",
            dependencies: ["CEspeakNG", "CSndFile", "CLibXML2", "CEBUR128", "CSoxr", "CLibOpusEnc", "CCurl", "CLame", "CFLAC", "CLibPQ", "CCmarkGFM", "CSherpaOnnx", "CSHA256"],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "edition",
            dependencies: [
                "AudioEdition",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz targets (`make fuzz`), and a replayer of their inputs when built as usual.
        .target(name: "EditionFuzzing", dependencies: ["AudioEdition"]),
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "edition-fuzz", dependencies: ["EditionFuzzing", "CLibFuzzer"]),
        .testTarget(
            name: "AudioEditionTests",
            dependencies: ["AudioEdition", "EditionFuzzing"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EditionCLITests",
            dependencies: ["edition", "AudioEdition"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
