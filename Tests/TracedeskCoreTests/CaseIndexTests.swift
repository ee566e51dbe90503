import Testing
@testable import TracedeskCore

@Suite struct CaseIndexTests {
    /// Ids short and long (past a String's own 16 bytes), ASCII and not, added one at a time
    /// from an empty index (so it grows many times): each is found at its place, and ids it
    /// never held are not found.
    @Test func findsEveryIdAtItsPlaceAndNoOther() {
        var index = CaseIndex()
        let ids = (0..<5_000).map { i in
            switch i % 3 {
            case 0: "JKT-\(i)"
            case 1: "DKI-2021-kasus-nomor-\(i)-Jl. Kebon Sirih ü"
            default: "\(i)"
            }
        }
        for (place, id) in ids.enumerated() { index.set(id, place) }
        #expect(index.count == ids.count)
        let misplaced = ids.enumerated().filter { index[$0.element] != $0.offset }.map(\.element)
        #expect(misplaced.isEmpty)
        #expect(index["JKT-1"] == nil)
        #expect(index["jkt-0"] == nil)
        #expect(index[""] == nil)
        #expect(index["DKI-2021-kasus-nomor-1-Jl. Kebon Sirih u"] == nil)
    }

    @Test func settingAnIdAgainMovesItWithoutAddingIt() {
        var index = CaseIndex(capacity: 4)
        index.set("JKT-1", 0)
        index.set("JKT-2", 1)
        index.set("JKT-1", 7)
        #expect(index.count == 2)
        #expect(index["JKT-1"] == 7)
        #expect(index["JKT-2"] == 1)
    }

    /// The desk's table finds cases by id through the index, after an import and a change.
    @Test func theCaseTableFindsImportedCasesById() throws {
        var desk = Desk()
        var maker = EventMaker()
        desk.apply(contentsOf: maker.imports((0..<300).map { record("DKI-\($0)") }))
        desk.apply(maker.make(.caseClaimed(CaseClaim(caseId: "DKI-150"))))
        #expect(desk.cases.count == 300)
        #expect(desk.cases["DKI-299"]?.record.caseId == "DKI-299")
        #expect(desk.cases.position(of: "DKI-150") == 150)
        #expect(desk.cases["DKI-150"]?.claimedBy == "tracer-01")
        #expect(desk.cases["DKI-300"] == nil)
    }
}
