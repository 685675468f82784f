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
        // `edition serve`: the HTTP API and the published files, on swift-nio.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
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
        // OpenSSL's libcrypto (Debian's libssl-dev, which libpq-dev brings too): SHA-256 for
        // content addresses and manifests, SHA-1 for UUIDv5, HMAC-SHA256 for signing webhooks.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // glibc's mallopt, for the edition tool's memory policy.
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "AudioEdition",
            dependencies: ["CEspeakNG", "CSndFile", "CLibXML2", "CEBUR128", "CSoxr", "CLibOpusEnc", "CCurl", "CLame", "CFLAC", "CLibPQ", "CCmarkGFM", "CSherpaOnnx", "CLibCrypto"],
            resources: [.copy("Resources")]
        ),
        // The HTTP door: jobs journaled in the output folder, the API a CMS calls, and the
        // published files with ranges and validators. Kept out of the library, which needs no server.
        .target(
            name: "EditionServer",
            dependencies: [
                "AudioEdition",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("openapi.json")]
        ),
        .executableTarget(
            name: "edition",
            dependencies: [
                "AudioEdition",
                "EditionServer",
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
