import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// `export fhir` read back by an independent FHIR library: the `fhir.resources` Python package
/// (installed from PyPI by .ci/run), whose models check every element's type and cardinality.
@Suite struct FHIREndToEndTests {
    /// The package's R4B models: R4B changed none of Bundle, Patient, RelatedPerson or
    /// Observation from R4 (fhir.resources 7 and later ship R5 as the default and R4B beside it).
    static let validator = """
    import json, sys
    from fhir.resources.R4B.bundle import Bundle
    text = open(sys.argv[1], encoding="utf-8").read()
    bundle = Bundle.model_validate_json(text) if hasattr(Bundle, "model_validate_json") else Bundle.parse_raw(text)
    kinds = {}
    for e in bundle.entry:
        kinds[type(e.resource).__name__] = kinds.get(type(e.resource).__name__, 0) + 1
    print(json.dumps({"type": bundle.type, "kinds": kinds}, sort_keys=True))
    """

    @Test func theBundleValidatesWithFhirResources() throws {
        let env = ProcessInfo.processInfo.environment
        let probe = try run(["python3", "-c", "import fhir.resources.R4B.bundle"], env: env, executable: "/usr/bin/env")
        guard probe.status == 0 else {
            // CI installs it (.ci/run); a developer without it is told how, and the test fails
            // rather than passing quietly.
            Issue.record("fhir.resources is not installed: python3 -m pip install fhir.resources (\(probe.stderr.suffix(200)))")
            return
        }
        let s = Scratch()
        let now = Date()
        try FileManager.default.createDirectory(atPath: (s.journal as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileJournal(path: s.journal).append(DemoQueue.events(now: now, tracer: "tracer-01"))
        try TeamFile.save(DemoQueue.team, journal: s.journal)
        let out = s.path + "/bundle.json"
        let r = try run(["export", "fhir", "--output", out], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(stat(out, &st) == 0 && st.st_mode & 0o777 == 0o600)
        let checked = try run(["python3", "-c", Self.validator, out], env: env, executable: "/usr/bin/env")
        #expect(checked.status == 0, "fhir.resources refused the bundle: \(checked.stderr.suffix(2000))")
        let summary = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any]
        #expect(summary?["type"] as? String == "collection")
        let kinds = summary?["kinds"] as? [String: Int] ?? [:]
        let contacts = kinds["RelatedPerson"] ?? 0
        #expect(contacts > 0, "\(kinds)")
        #expect(kinds["Observation"] == contacts)
        #expect(kinds["Patient"] == DemoQueue.caseCount + contacts)
        // The NIK system named in the README, and the references resolve inside the bundle.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\"system\" : \"https://fhir.kemkes.go.id/id/nik\""))
        let bundle = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let entries = bundle?["entry"] as? [[String: Any]] ?? []
        let urls = Set(entries.compactMap { $0["fullUrl"] as? String })
        let references = text.matches(of: /"reference" : "([^"]+)"/).map { String($0.1) }
        #expect(!references.isEmpty && references.allSatisfy(urls.contains))
        #expect(text.contains("\"valueDateTime\"")) // a quarantine end
    }
}
