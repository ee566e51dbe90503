// The Indonesian catalogue of the line-list import, the exports and the command line
// (issue 17), kept apart from the screens' catalogue so the two change without colliding.
extension Catalog {
    static let indonesianLists: [String: String] = [
        "{0}: already exists; use --force to replace it": "{0}: sudah ada; pakai --force untuk menggantinya",
        "{0}: is a symbolic link or not a plain file; nothing was written": "{0}: tautan simbolik atau bukan file biasa; tidak ada yang ditulis",
        "{0}: cannot write the file ({1})": "{0}: file tidak bisa ditulis ({1})",
        "--excel is for --format csv": "--excel hanya untuk --format csv",
        "tracedesk: '{0}' is not a tracedesk command.": "tracedesk: '{0}' bukan perintah tracedesk.",
        "Did you mean '{0}'?": "Maksud Anda '{0}'?",
        "{0} problem(s) in the column map; nothing was imported.": "{0} masalah di peta kolom; tidak ada yang diimpor.",
        "{0} does not take \"{1}\"; it takes one of {2}": "{0} tidak menerima \"{1}\"; pilih salah satu: {2}",
        "{0} does not take \"{1}\"": "{0} tidak menerima \"{1}\"",
        // The line list's header, separators, map file and values.
        "\"{0}\" and \"{1}\" are both {2}; keep one, or map one elsewhere with --map": "\"{0}\" dan \"{1}\" sama-sama {2}; pakai satu saja, atau petakan yang lain dengan --map",
        "\"{0}\" is not a field (fields: {1})": "\"{0}\" bukan nama kolom kami (kolom: {1})",
        "--delimiter {0}: use , ; or tab": "--delimiter {0}: pakai , ; atau tab",
        "expected: their column = our field": "seharusnya: kolom mereka = kolom kami",
        "no column name before =": "tidak ada nama kolom sebelum =",
        "has {0} fields but the header has {1}; is a {2} missing quotes?": "berisi {0} kolom tetapi judul berisi {1}; ada {2} tanpa tanda kutip?",
        "is {0} characters long; a field holds at most {1}": "panjangnya {0} karakter; satu kolom paling banyak {1}",
        "holds {0} numbers; a case record holds at most {1}": "berisi {0} nomor; satu data kasus paling banyak {1}",
        "is a number in scientific notation (…E+{0}): the spreadsheet turned the NIK into a number and lost its last digits; format the column as Text and export again": "berupa angka notasi ilmiah (…E+{0}): spreadsheet mengubah NIK menjadi angka dan digit terakhirnya hilang; format kolomnya sebagai Teks lalu ekspor lagi",
        "is a number in scientific notation: the spreadsheet turned the phone into a number; format the column as Text and export again": "berupa angka notasi ilmiah: spreadsheet mengubah nomor telepon menjadi angka; format kolomnya sebagai Teks lalu ekspor lagi",
        "must be 16 digits (got {0} characters: {1})": "harus 16 digit (berisi {0} karakter: {1})",
        "no column for age (\"Umur\") or birth_date (\"Tgl Lahir\"); name yours with --map FILE": "tidak ada kolom untuk age (\"Umur\") atau birth_date (\"Tgl Lahir\"); sebutkan kolom Anda dengan --map FILE",
        "no column for {0} (such as \"{1}\" or \"{2}\"); name yours with --map FILE": "tidak ada kolom untuk {0} (misalnya \"{1}\" atau \"{2}\"); sebutkan kolom Anda dengan --map FILE",
        "the header is one column (\"{0}\"): the file seems to use {1} between fields; try --delimiter '{2}'": "judul hanya satu kolom (\"{0}\"): file ini tampaknya memakai {1} di antara kolom; coba --delimiter '{2}'",
        "{0} is not an Indonesian phone number (08…, +62…, 62…)": "{0} bukan nomor telepon Indonesia (08…, +62…, 62…)",
        "{0} lost its leading 0 (a spreadsheet read it as a number); write it as 08… or format the column as Text": "{0} kehilangan angka 0 di depan (spreadsheet membacanya sebagai angka); tulis sebagai 08… atau format kolomnya sebagai Teks",
        // The import's report.
        "{0} problem(s){1}; nothing was imported.": "{0} masalah{1}; tidak ada yang diimpor.",
        "{0}: {1} cases are valid ({2}); nothing was written (--dry-run).": "{0}: {1} kasus valid ({2}); tidak ada yang ditulis (--dry-run).",
        "{0}: cannot read the column map (does it exist?)": "{0}: peta kolom tidak bisa dibaca (apakah ada?)",
        "{0}: ignored columns (no field of ours): {1}": "{0}: kolom diabaikan (tidak ada padanannya): {1}",
        "{0}:{1}: correction of {2}: {3}": "{0}:{1}: koreksi {2}: {3}",
        "Apply {0} correction(s)? [y/N] ": "Terapkan {0} koreksi? [y/N] ",
        "{0} correction(s) NOT applied (listed above); run again with --apply-corrections to apply them.": "{0} koreksi TIDAK diterapkan (lihat di atas); jalankan lagi dengan --apply-corrections untuk menerapkannya.",
        "{0} correction(s) applied, each an event in the case's history.": "{0} koreksi diterapkan, masing-masing tercatat di riwayat kasus.",
        // History lines.
        "corrected from {0}: {1}": "dikoreksi dari {0}: {1}",
        "corrected at the desk: {0}": "dikoreksi di desk: {0}",
        // cases and report.
        "--columns: \"{0}\" is not a column; use any of {1}": "--columns: \"{0}\" bukan kolom; pakai salah satu dari {1}",
        "--date {0}: that day has not come yet (today is {1})": "--date {0}: hari itu belum tiba (hari ini {1})",
        "--mine and --tracer: give one": "--mine dan --tracer: pilih salah satu",
        "--mine: who are you? set TRACEDESK_TRACER, or use --tracer ID": "--mine: Anda siapa? atur TRACEDESK_TRACER, atau pakai --tracer ID",
        // correct.
        "say what to change: --set field=value": "sebutkan yang diubah: --set kolom=nilai",
        "give a reason (--reason)": "beri alasan (--reason)",
        "say who you are with --tracer ID (or TRACEDESK_TRACER); only a team lead may correct a record": "sebutkan siapa Anda dengan --tracer ID (atau TRACEDESK_TRACER); hanya ketua tim yang boleh mengoreksi data",
        "--set {0}: use field=value": "--set {0}: pakai kolom=nilai",
        "--set {0}: not a field; use one of {1}": "--set {0}: bukan kolom; pakai salah satu dari {1}",
        "--set {0}={1}: not a value this field takes": "--set {0}={1}: nilai ini tidak cocok untuk kolom tersebut",
        "{0}: the record already says that; nothing was written.": "{0}: data sudah berisi itu; tidak ada yang ditulis.",
        "{0} corrected by {1}: {2}": "{0} dikoreksi oleh {1}: {2}",
    ]
}
