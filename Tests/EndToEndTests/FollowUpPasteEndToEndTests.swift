import Foundation
import Testing

/// Issue 15 (the fresh tester's leftovers), item 6: a paste into the follow-up call form goes
/// through the terminal's bracketed paste into the note, as text, on the real binary; it was
/// only tested on the in-memory terminal.
@Suite(.serialized) struct FollowUpPasteEndToEndTests {
    @Test func aMultiLinePasteIntoTheFollowUpNoteIsTextNotKeys() throws {
        let s = Scratch()
        // The demo's filed interview (tracer-02's), approved by the lead: its contacts are
        // tracer-02's to call.
        let lead = try TmuxDesk(["demo", "--tracer", "lead-01"], env: s.environment())
        lead.waitFor("review queue · 1 awaiting review")
        lead.keys("Enter")
        lead.waitFor("approve")
        lead.keys("a")
        lead.waitFor("y = approve")
        lead.keys("y")
        lead.waitFor("Approved")
        lead.keys("Escape", "Escape", "q")
        lead.waitFor("DESK-EXITED:0")

        let desk = try TmuxDesk(["demo", "--tracer", "tracer-02"], env: s.environment())
        desk.waitFor("tracer-02")
        desk.keys("f")
        desk.waitFor("Who to call today")
        desk.keys("c")
        desk.waitFor("Follow-up call:")
        // No answer, then the note: a chat message of two lines, with letters that are keys
        // elsewhere (q quits, i interviews, f, c).
        desk.keys("2", "Tab")
        try desk.paste("tidak diangkat, coba lagi sore.\nistri bilang: quarantine ok, coba besok\n")
        desk.waitFor("coba lagi sore. istri bilang")
        // Still in the form: the line break saved nothing, no letter became a key.
        #expect(desk.screen.contains("Follow-up call:"))
        #expect(!desk.screen.contains("DESK-EXITED"))
        desk.keys("Enter")
        desk.waitFor("Saved: no answer for")
        let journal = try String(contentsOfFile: s.path + "/data/tracedesk/demo.jsonl", encoding: .utf8)
        #expect(journal.contains(#""note":"tidak diangkat, coba lagi sore. istri bilang: quarantine ok, coba besok""#), "\(journal.suffix(2000))")
        desk.keys("Escape", "q")
        desk.waitFor("DESK-EXITED:0")
    }
}
