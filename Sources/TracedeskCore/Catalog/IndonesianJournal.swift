// The Indonesian catalogue's journal part: what the file journal says when it cannot open,
// read or write (a full disk, a failed sync, a damaged line), shown inside "Tidak tersimpan: …"
// on the desk and by the commands.
extension Catalog {
    static let indonesianJournal: [String: String] = [
        "cannot open the journal {0}: {1}": "jurnal {0} tidak dapat dibuka: {1}",
        "{0} can be read by others (mode {1}); it holds patients' health data. Fix with: chmod {2} {3}":
            "{0} dapat dibaca orang lain (mode {1}); isinya data kesehatan pasien. Perbaiki dengan: chmod {2} {3}",
        "{0} is a symbolic link; tracedesk does not follow links for files that hold patient data. Use the real path.":
            "{0} adalah tautan simbolik; tracedesk tidak mengikuti tautan untuk berkas berisi data pasien. Pakai path yang sebenarnya.",
        "the journal {0} belongs to another user; refusing to open it": "jurnal {0} milik pengguna lain; tidak dibuka",
        "the journal {0} is damaged at line {1}: {2}. Nothing was changed; run `tracedesk check --repair` for the choices.":
            "jurnal {0} rusak di baris {1}: {2}. Tidak ada yang diubah; jalankan `tracedesk check --repair` untuk pilihannya.",
        "the journal {0} is damaged at byte {1}: {2}. Nothing was changed; run `tracedesk check` for the choices.":
            "jurnal {0} rusak di bita {1}: {2}. Tidak ada yang diubah; jalankan `tracedesk check` untuk pilihannya.",
        "could not write to the journal: {0}. Nothing more will be written; your last change was NOT saved.":
            "tidak dapat menulis ke jurnal: {0}. Tidak ada lagi yang ditulis; perubahan terakhir Anda TIDAK tersimpan.",
        "the disk is full ({0}): this change is NOT saved yet. It is kept on screen and saved as soon as there is room.":
            "disk penuh ({0}): perubahan ini BELUM tersimpan. Tetap di layar dan disimpan begitu ada ruang.",
        "the disk did not confirm the write (fdatasync: {0}). Writing has stopped; your last change may NOT be saved.":
            "disk tidak memastikan penulisan (fdatasync: {0}). Penulisan dihentikan; perubahan terakhir Anda mungkin TIDAK tersimpan.",
        "the journal is open read-only: {0}": "jurnal terbuka hanya-baca: {0}",
        "the record has no checksum": "catatan ini tidak punya checksum",
        "an empty line: the journal has none": "baris kosong: jurnal tidak punya baris kosong",
        "the line ends in a carriage return (CRLF, as an editor on Windows saves); the journal's lines end in LF alone": "baris berakhir dengan carriage return (CRLF, seperti disimpan editor di Windows); baris jurnal hanya berakhir dengan LF",
        "the checksum is not 8 lower-case hex digits, as the writer writes it": "checksum bukan 8 digit heksadesimal huruf kecil seperti yang ditulis penulis jurnal",
        "the checksum does not match the record's bytes": "checksum tidak cocok dengan isi catatan",
        "the record cannot be read ({0})": "catatan tidak dapat dibaca ({0})",
        "the record has no sequence number, but the records before it do (expected {0}): it was inserted by hand":
            "catatan tidak punya nomor urut, padahal catatan sebelumnya punya (seharusnya {0}): disisipkan dengan tangan",
        "the record is numbered {0}, expected {1}: {2} record(s) before it are missing":
            "catatan bernomor {0}, seharusnya {1}: {2} catatan sebelumnya hilang",
        "the record is numbered {0}, expected {1}: records were moved, copied or inserted":
            "catatan bernomor {0}, seharusnya {1}: ada catatan yang dipindah, disalin atau disisipkan",
        "schema version {0}, which no tracedesk writes": "skema versi {0}, yang tidak ditulis tracedesk mana pun",
        "not JSON": "bukan JSON",
        "the key \"{0}\" appears twice": "kunci \"{0}\" muncul dua kali",
        "missing field {0}": "kolom {0} tidak ada",
        "wrong type at {0}": "jenis salah di {0}",
        "bad value at {0}": "nilai salah di {0}",
        "unreadable": "tidak terbaca",
        ": a role is \"tracer\" or \"lead\"": ": peran adalah \"tracer\" atau \"lead\"",
        "the file": "berkas",
        "the journal does not end where its last whole line ends": "jurnal tidak berakhir di ujung baris utuh terakhirnya",
        "line {0}: the event is {1} bytes, more than a server takes ({2}); the desk replays it": "baris {0}: peristiwa berukuran {1} byte, lebih dari yang diterima server ({2}); meja tetap memutarnya",
        "line {0}: the field {1} holds {2}, more than a server takes ({3}); the desk replays it": "baris {0}: kolom {1} berisi {2}, lebih dari yang diterima server ({3}); meja tetap memutarnya",
        "the folder {0} does not exist: make it first (mkdir -m 700 {1}) or name another journal": "folder {0} tidak ada: buat dulu (mkdir -m 700 {1}) atau sebut jurnal lain",
        "interview.filed of case {0} holds the interview of case {1}; a server refuses it": "pengajuan wawancara kasus {0} berisi wawancara kasus {1}; server menolaknya",
        "interview.filed of case {0} names contact {1}, who is not one of its own; a server refuses it": "pengajuan wawancara kasus {0} menyebut kontak {1}, yang bukan kontaknya sendiri; server menolaknya",
        "line {0}: {1}; the desk replays it": "baris {0}: {1}; meja tetap memutarnya",
    ]
}
