import Foundation
import Testing
@testable import TracedeskCore
@testable import TracedeskUI

/// Item 5: a correction's history line in the desk's language: labels, old → new (NIK and
/// phone masked), where it came from, the reason; the pager shows it whole.
@Suite struct CorrectionHistoryTests {
    func corrected() -> [Event] {
        var e = Events()
        e.list = smallQueue()
        e.t = e.list.last!.timestamp
        e.add(.caseCorrected(CaseCorrection(caseId: "C-MID", changes: [
            FieldChange(field: "address", from: "", to: "Jl. Melati 1"),
            FieldChange(field: "specimen_date", from: "", to: "2021-07-01"),
            FieldChange(field: "nik", from: "3171234567890123", to: "3171234567890999")], reason: "salah ketik di lab")), by: "lead-01")
        return e.list
    }

    @Test func aCorrectionsHistoryLineSaysWhatChangedAndWhyInTheDesksLanguage() {
        let h = DeskHarness(events: corrected(), tracer: "lead-01", team: leadTeam, language: .id)
        h.type(.escape, .char("/")); h.type(text: "C-MID"); h.type(.enter, .char("v"), .enter)
        // Wrapped in the pager, whole.
        #expect(h.text.contains("lead-01: dikoreksi manual: Alamat — → Jl. Melati 1, Tanggal"), "\(h.text)")
        #expect(h.text.contains("spesimen — → 01/07/2021, NIK …0123 → …0999 — alasan: salah ketik di lab"), "\(h.text)")
        #expect(!h.text.contains("specimen_date"))
        #expect(!h.text.contains("3171234567890999"))
        h.type(.function(2))                                // F2 in the pager words it again: in English, the same line
        #expect(h.text.contains("lead-01: corrected by hand: Address — → Jl. Melati 1, Specimen"), "\(h.text)")
        #expect(h.text.contains("History (newest first)"), "\(h.text)")
        #expect(h.row(0).contains("Case C-MID · Agus Wijaya · in full"), "\(h.row(0))")
    }
}
