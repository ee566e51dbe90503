// The Indonesian catalogue's data part: settings kept with their time, corrections and their
// conflicts, one check of a case record, people matched at import.
extension Catalog {
    static let indonesianData: [String: String] = [
        "settingsHistory[{0}].lostAfterDays: a number from 1 to 14": "settingsHistory[{0}].lostAfterDays: angka 1 sampai 14",
        "settingsHistory[{0}].followUpTarget: a number from 1 to 100": "settingsHistory[{0}].followUpTarget: angka 1 sampai 100",
        "--follow-up-target {0}: a number from 1 to 100": "--follow-up-target {0}: angka 1 sampai 100",
        "not given": "tidak diberikan",
        "became a case: contact {0} of case {1} tested positive on {2}": "menjadi kasus: kontak {0} dari kasus {1} positif pada {2}",
        "follow-up on the day: {0} under · reached {1} ({2}, target {3} %) · lost {4} · completed {5} · became cases {6}; to date: {7} followed · lost {8} · completed {9} · became cases {10}":
            "pemantauan hari itu: {0} dipantau · tersambung {1} ({2}, target {3} %) · hilang {4} · selesai {5} · menjadi kasus {6}; sampai hari itu: {7} dipantau · hilang {8} · selesai {9} · menjadi kasus {10}",
    ]
}
