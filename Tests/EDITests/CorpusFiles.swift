import Foundation

/// The sample corpus committed beside the tests (with its MANIFEST), and the golden outlines.
enum CorpusFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Corpus")
    static let golden = root.appendingPathComponent("Golden")

    /// Every corpus file as `standard/name.edi`, sorted.
    static let all: [String] = {
        var names: [String] = []
        for standard in ["x12", "edifact"] {
            let dir = corpus.appendingPathComponent(standard)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            names += files.filter { $0.hasSuffix(".edi") }.map { "\(standard)/\($0)" }
        }
        return names.sorted()
    }()

    static func path(_ name: String) -> String { corpus.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: corpus.appendingPathComponent(name)))
    }

    static func goldenPath(_ name: String) -> URL {
        golden.appendingPathComponent(
            name.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".edi", with: ".outline"))
    }
}
