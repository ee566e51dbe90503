// The Indonesian catalogue's data part: settings kept with their time, corrections and their
// conflicts, one check of a case record, people matched at import.
extension Catalog {
    static let indonesianData: [String: String] = [
        "settingsHistory[{0}].lostAfterDays: a number from 1 to 14": "settingsHistory[{0}].lostAfterDays: angka 1 sampai 14",
        "settingsHistory[{0}].followUpTarget: a number from 1 to 100": "settingsHistory[{0}].followUpTarget: angka 1 sampai 100",
        "--follow-up-target {0}: a number from 1 to 100": "--follow-up-target {0}: angka 1 sampai 100",
        "not given": "tidak diberikan",
        "became a case: contact {0} of case {1} tested positive on {2}": "menjadi kasus: kontak {0} dari kasus {1} positif pada {2}",
        "follow-up on the day: {0} under · reached {1} ({2}, target {3} %) · lost {4} · completed {5} · became cases {6}; to date: {7} followed · still lost {8} · completed {9} · became cases {10}":
            "pemantauan hari itu: {0} dipantau · tersambung {1} ({2}, target {3} %) · hilang {4} · selesai {5} · menjadi kasus {6}; sampai hari itu: {7} dipantau · masih hilang {8} · selesai {9} · menjadi kasus {10}",
        "case.corrected of {0} not taken: {1}": "case.corrected untuk {0} tidak diambil: {1}",
        "correction not taken, the record's check refuses: {0}": "koreksi tidak diambil, pemeriksaan data kasus menolak: {0}",
        "--link and --keep-apart: choose one": "--link dan --keep-apart: pilih salah satu",
        "{0}:{1}: conflict in {2}: {3}: the lab sends \"{4}\", corrected at the desk to \"{5}\"; the desk's correction stands (a lead takes the lab's with: tracedesk correct {6} --set {7}=…)":
            "{0}:{1}: konflik pada {2}: {3}: lab mengirim \"{4}\", dikoreksi di meja menjadi \"{5}\"; koreksi meja tetap berlaku (ketua tim mengambil nilai lab dengan: tracedesk correct {6} --set {7}=…)",
        "{0} person match(es): l links each case to the person it matched (a contact, or a case under another id), k keeps them apart, anything else imports nothing: ": "{0} kecocokan orang: l menautkan tiap kasus ke orang yang cocok (kontak, atau kasus dengan id lain), k memisahkan, selain itu tidak mengimpor apa pun: ",
        "Nothing was imported.": "Tidak ada yang diimpor.",
        "{0} person match(es) above; nothing was imported. Run again with --link (each case is the person it matched) or --keep-apart (they are different people).":
            "{0} kecocokan orang di atas; tidak ada yang diimpor. Jalankan lagi dengan --link (tiap kasus adalah orang yang cocok) atau --keep-apart (orang yang berbeda).",
        "{0} new, {1} already in the journal unchanged, {2} correction(s), {3} conflict(s) with a correction at the desk": "{0} baru, {1} sudah ada di jurnal tanpa perubahan, {2} koreksi, {3} konflik dengan koreksi di meja",
        "{0} is not in the team: linking or keeping people apart is a team member's decision; say who you are with --tracer ID. Nothing was imported.":
            "{0} tidak ada di tim: menautkan atau memisahkan orang adalah keputusan anggota tim; sebutkan siapa Anda dengan --tracer ID. Tidak ada yang diimpor.",
        "{0} conflict(s) kept in the cases' history; the desk's corrections stand, and the lab's value is not listed again unless it changes.":
            "{0} konflik dicatat di riwayat kasus; koreksi meja tetap berlaku, dan nilai lab ini tidak dicantumkan lagi kecuali berubah.",
        "{0} person match(es) linked, each an event by {1}.": "{0} kecocokan orang ditautkan, masing-masing peristiwa oleh {1}.",
        "{0} person match(es) kept apart, each an event by {1}.": "{0} kecocokan orang dipisahkan, masing-masing peristiwa oleh {1}.",
        "{0}:{1}: case {2} has the NIK of case {3} on line {4}: one person under two case ids, or a NIK typed wrong": "{0}:{1}: kasus {2} memiliki NIK kasus {3} di baris {4}: satu orang dengan dua id kasus, atau NIK salah ketik",
        "{0}:{1}: case {2} may be {3} — {4}": "{0}:{1}: kasus {2} mungkin {3} — {4}",
        "the same person as case {0}: linked": "orang yang sama dengan kasus {0}: ditautkan",
        "person.linked makes case {0} the same person as case {1}, which is linked to it already; ignored": "person.linked menjadikan kasus {0} orang yang sama dengan kasus {1}, yang sudah ditautkan kepadanya; diabaikan",
        "--set {0}: {1}": "--set {0}: {1}",
        "case.corrected names contact {0} of case {1}, who is not under follow-up; ignored": "case.corrected menyebut kontak {0} dari kasus {1}, yang tidak dalam pemantauan; diabaikan",
        "last exposure of contact {0} corrected: quarantine end moved from {1} to {2}": "paparan terakhir kontak {0} dikoreksi: akhir karantina berpindah dari {1} ke {2}",
        "last exposure of contact {0} corrected: quarantine end unchanged": "paparan terakhir kontak {0} dikoreksi: akhir karantina tidak berubah",
        "{0} contact {1} corrected by {2}: {3}; the quarantine end follows from it": "{0} kontak {1} dikoreksi oleh {2}: {3}; akhir karantina mengikutinya",
        "contact {0} of case {1} is not under follow-up": "kontak {0} dari kasus {1} tidak dalam pemantauan",
        "--set {0}: a contact's correction takes {1}": "--set {0}: koreksi kontak memakai {1}",
        "--set {0}: is empty": "--set {0}: kosong",
        "--columns: \"{0}\" is named twice": "--columns: \"{0}\" disebut dua kali",
        "{0}: is tracedesk's own file ({1}); an export never replaces it": "{0}: adalah berkas tracedesk sendiri ({1}); ekspor tidak pernah menggantinya",
        "the journal": "jurnal",
        "the team file": "berkas tim",
        "the journal's checkpoint": "checkpoint jurnal",
        "the journal's quarantine": "karantina jurnal",
        "--journal: name a file": "--journal: sebutkan sebuah berkas",
        "{0} may not apply the list's corrections: a team lead or the data person does, as with tracedesk correct; say who you are with --tracer ID. Nothing was imported.": "{0} tidak boleh menerapkan koreksi daftar: ketua tim atau petugas data yang melakukannya, seperti tracedesk correct; sebutkan siapa Anda dengan --tracer ID. Tidak ada yang diimpor.",
        "{0}:1: is not UTF-8 text; save the column map as UTF-8": "{0}:1: bukan teks UTF-8; simpan peta kolom sebagai UTF-8",
        "{0}: is a folder, not a column map": "{0}: adalah folder, bukan peta kolom",
        "The contact target and the tracers listed are today's: the team file records them from {0} on.": "Target kontak dan tracer yang tercantum adalah milik hari ini: file tim mencatatnya sejak {0}.",
        "The contact target and the tracers listed are today's: this team file does not record their history.": "Target kontak dan tracer yang tercantum adalah milik hari ini: file tim ini tidak mencatat riwayatnya.",
        "settingsHistory[{0}].contactTarget: a number from 1 to 200": "settingsHistory[{0}].contactTarget: angka 1 sampai 200",
        "the interview drafts' folder": "folder draf wawancara",
    ]
}
