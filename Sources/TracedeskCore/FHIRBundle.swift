import Foundation
// catalogue: not shown — FHIR's own codes and field names, read by programs

/// The cases and their close contacts as a FHIR R4 Bundle (type `collection`), for the national
/// system and other FHIR readers:
/// - a Patient for each person, case or close contact (one for a contact linked to a case or
///   who became one, and one for a person named by several cases): NIK as an identifier under `nikSystem`
///   (the system SATUSEHAT, Indonesia's national FHIR platform, names), the case id under
///   `caseIdSystem`, name, phone, sex, birth date, address (street, RT/RW and kelurahan as
///   lines, kecamatan as district, kota as city);
/// - a RelatedPerson for each contact, pointing at the case's Patient with the relationship;
/// - an Observation of the exposure (SNOMED CT 840546002 "Exposure to SARS-CoV-2"): subject
///   the contact, focus the case, the exposure's first and last day as its period, and as
///   components the setting, the close-contact criterion and the quarantine end.
/// References are the entries' `urn:uuid:` full URLs, made from the ids so the same journal
/// gives the same file.
public enum FHIRBundle {
    public static let nikSystem = "https://fhir.kemkes.go.id/id/nik"
    public static let caseIdSystem = "urn:tracedesk:case-id"
    public static let contactIdSystem = "urn:tracedesk:contact-id"

    /// `person` gives, for a filed contact (case id, contact id), the key of the one Patient
    /// the person is when they are someone else too: "case/ID" for a contact who is a case
    /// (linked, or became one), "contact/CASE/ID" of the first exposure for a person linked
    /// across cases. One person, one Patient; each exposure keeps its own RelatedPerson and
    /// Observation.
    /// `sameCase` gives the case whose Patient a case's person is: itself, or the case it was
    /// linked to as one person under two case ids (that Patient carries both case ids).
    public static func make(cases: [CaseFile], closeContactsOnly: Bool = true,
                            person: (String, String) -> String? = { _, _ in nil },
                            sameCase: (String) -> String = { $0 }) -> [String: Any] {
        var entries: [[String: Any]] = []
        func add(_ resource: [String: Any], key: String) -> String {
            let url = "urn:uuid:" + uuid(key)
            entries.append(["fullUrl": url, "resource": resource])
            return url
        }
        let exported = Set(cases.map { "case/" + $0.id })
        // Each case to the one whose Patient it is, when that one is in the bundle too.
        var patientOf: [String: String] = [:]
        var alsoCases: [String: [String]] = [:]
        for file in cases {
            let root = sameCase(file.id)
            guard root != file.id, exported.contains("case/" + root) else { continue }
            patientOf[file.id] = root
            alsoCases[root, default: []].append(file.id)
        }
        var made: Set<String> = []
        // A case's contacts, each with its Patient (or the one it is already), RelatedPerson
        // and exposure.
        func contacts(of file: CaseFile, caseURL: String) {
            let r = file.record
            for k in file.contacts where k.isClose || !closeContactsOnly {
                let key = "contact/\(r.caseId)/\(k.contactId)"
                let personKey = person(r.caseId, k.contactId) ?? key
                let contactURL: String
                if exported.contains(personKey) || made.contains(personKey) {
                    // Someone already in the bundle: a case, or the same person named before.
                    contactURL = "urn:uuid:" + uuid(personKey)
                } else {
                    var ids: [[String: Any]] = []
                    if let nik = k.nik { ids.append(["use": "official", "system": nikSystem, "value": nik]) }
                    ids.append(["system": contactIdSystem, "value": "\(r.caseId)/\(k.contactId)"])
                    var patient: [String: Any] = [
                        "resourceType": "Patient", "id": fhirId("contact-\(r.caseId)-\(k.contactId)"),
                        "identifier": ids, "name": [["text": k.name]], "gender": gender(k.sex),
                    ]
                    if let p = k.phone { patient["telecom"] = [["system": "phone", "value": p, "use": "mobile"]] }
                    contactURL = add(patient, key: personKey)
                    made.insert(personKey)
                }

                var related: [String: Any] = [
                    "resourceType": "RelatedPerson", "id": fhirId("related-\(r.caseId)-\(k.contactId)"),
                    "patient": ["reference": caseURL, "display": r.name],
                    "name": [["text": k.name]], "gender": gender(k.sex),
                ]
                if let rel = k.relationship { related["relationship"] = [["text": rel.rawValue]] }
                if let p = k.phone { related["telecom"] = [["system": "phone", "value": p, "use": "mobile"]] }
                _ = add(related, key: key + "/related")

                var components: [[String: Any]] = []
                let setting = [k.relationship?.rawValue, k.setting.isEmpty ? nil : k.setting].compactMap { $0 }.joined(separator: ": ")
                if !setting.isEmpty { components.append(["code": ["text": "exposure setting"], "valueString": setting]) }
                if let c = k.criterion { components.append(["code": ["text": "close-contact criterion"], "valueString": c.rawValue]) }
                if let q = k.quarantineEnd { components.append(["code": ["text": "quarantine end"], "valueDateTime": q.iso]) }
                var observation: [String: Any] = [
                    "resourceType": "Observation", "id": fhirId("exposure-\(r.caseId)-\(k.contactId)"),
                    "status": "final",
                    "category": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "social-history"]]]],
                    "code": ["coding": [["system": "http://snomed.info/sct", "code": "840546002", "display": "Exposure to SARS-CoV-2"]],
                             "text": "Exposure to a confirmed case"],
                    "subject": ["reference": contactURL, "display": k.name],
                    "focus": [["reference": caseURL, "display": r.name]],
                    "valueCodeableConcept": ["text": k.isClose ? "close contact" : "not a close contact"],
                ]
                var period: [String: Any] = [:]
                if let f = k.firstExposure { period["start"] = f.iso }
                if let l = k.lastExposure { period["end"] = l.iso }
                if !period.isEmpty { observation["effectivePeriod"] = period }
                if !components.isEmpty { observation["component"] = components }
                _ = add(observation, key: key + "/exposure")
            }
        }
        for file in cases {
            let r = file.record
            if let root = patientOf[r.caseId] {
                contacts(of: file, caseURL: "urn:uuid:" + uuid("case/" + root))
                continue
            }
            var identifiers: [[String: Any]] = []
            if let nik = r.nik { identifiers.append(["use": "official", "system": nikSystem, "value": nik]) }
            identifiers.append(["system": caseIdSystem, "value": r.caseId])
            for other in alsoCases[r.caseId] ?? [] { identifiers.append(["system": caseIdSystem, "value": other]) }
            var patient: [String: Any] = [
                "resourceType": "Patient", "id": fhirId("case-" + r.caseId),
                "identifier": identifiers, "name": [["text": r.name]], "gender": gender(r.sex),
            ]
            if !r.phones.isEmpty { patient["telecom"] = r.phones.map { ["system": "phone", "value": $0, "use": "mobile"] } }
            if let b = r.birthDate { patient["birthDate"] = b.iso }
            let lines = [r.address, r.rtRw.isEmpty ? "" : "RT/RW \(r.rtRw)", r.kelurahan.isEmpty ? "" : "Kelurahan \(r.kelurahan)"].filter { !$0.isEmpty }
            var address: [String: Any] = ["use": "home", "country": "ID"]
            if !lines.isEmpty { address["line"] = lines }
            if !r.kecamatan.isEmpty { address["district"] = r.kecamatan }
            if !r.kota.isEmpty { address["city"] = r.kota }
            patient["address"] = [address]
            contacts(of: file, caseURL: add(patient, key: "case/" + r.caseId))
        }
        return ["resourceType": "Bundle", "type": "collection", "entry": entries]
    }

    public static func data(cases: [CaseFile], person: (String, String) -> String? = { _, _ in nil },
                            sameCase: (String) -> String = { $0 }) throws -> Data {
        try JSONSerialization.data(withJSONObject: make(cases: cases, person: person, sameCase: sameCase), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) + Data("\n".utf8)
    }

    static func gender(_ s: Sex) -> String {
        switch s { case .male: "male"; case .female: "female"; case .unknown: "unknown" }
    }

    /// A FHIR id: letters, digits, - and ., at most 64.
    static func fhirId(_ s: String) -> String {
        let allowed = s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "-" }
        return String(String(allowed).prefix(64))
    }

    /// A name-based UUID (version 8, two FNV-1a hashes): the same key, the same UUID.
    static func uuid(_ key: String) -> String {
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in key.utf8 { h ^= UInt64(b); h = h &* 0x100000001b3 }
            return h
        }
        var hi = fnv(0xcbf29ce484222325), lo = fnv(0x84222325cbf29ce4)
        hi = (hi & ~0xF000) | 0x8000              // version 8
        lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000 // RFC 9562 variant
        let h = String(hi, radix: 16).leftPad(16), l = String(lo, radix: 16).leftPad(16)
        let all = Array(h + l)
        return String(all[0..<8]) + "-" + String(all[8..<12]) + "-" + String(all[12..<16]) + "-" + String(all[16..<20]) + "-" + String(all[20..<32])
    }
}

private extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

extension Desk {
    /// The one Patient a filed contact is, when they are someone else too (`FHIRBundle.make`):
    /// the case they are (linked, or became), or the first exposure of the person they were
    /// linked to.
    public func fhirPerson(caseId: String, contactId: String) -> String? {
        if let c = linkedCase[contactId] { return "case/" + personCase(of: c) }
        guard let f = person(ofContact: contactId) else { return nil }
        if let made = f.convertedCaseId { return "case/" + personCase(of: made) }
        guard let first = f.exposures.first, first.contactId != contactId || first.caseId != caseId else { return nil }
        return "contact/\(first.caseId)/\(first.contactId)"
    }
}
