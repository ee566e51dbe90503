// The Indonesian catalogue, continued: what a desk on the city's server says about where a
// save is (kept on this desk, waiting to be sent, sent to the server) and the server's own
// listings.
extension Catalog {
    static let indonesianServer: [String: String] = [
        " SERVER AWAY: {0} waiting to send ": " SERVER TERPUTUS: {0} menunggu dikirim ",
        "Filed and sent to the server: {0} refused the interview.": "Terkirim ke server: {0} menolak wawancara.",
        "Filed and sent to the server: {0}, {1} contact(s), awaiting review.": "Terkirim ke server: {0}, {1} kontak, menunggu tinjauan.",
        "Filed on this desk: {0} refused; waiting to be sent to the server.": "Diajukan di desk ini: {0} menolak; menunggu dikirim ke server.",
        "Filed on this desk: {0}, {1} contact(s); waiting to be sent to the server.": "Diajukan di desk ini: {0}, {1} kontak; menunggu dikirim ke server.",
        "Saved on this desk: {0} for {1}; waiting to be sent.": "Tersimpan di desk ini: {0} untuk {1}; menunggu dikirim.",
        " On this desk, waiting to be sent.": " Di desk ini, menunggu dikirim.",
        "Saved now: the work held in memory is on the server.": "Kini tersimpan: pekerjaan yang tadi hanya di memori sudah ada di server.",
        "Saved now on this desk: the work held in memory waits to be sent to the server.": "Kini tersimpan di desk ini: pekerjaan yang tadi di memori menunggu dikirim ke server.",
        "the interview of case {0} was last saved on the server; it opens when the server is back": "wawancara kasus {0} terakhir disimpan di server; bisa dibuka setelah server kembali",
        "{0} new, {1} already on the server unchanged, {2} correction(s), {3} conflict(s) with a correction at the desk": "{0} baru, {1} sudah ada di server tanpa perubahan, {2} koreksi, {3} konflik dengan koreksi di meja",
        "Imported {0} cases from {1} and sent them to the server {2}.": "{0} kasus diimpor dari {1} dan dikirim ke server {2}.",
        "the server's answer could not be used ({0})": "jawaban server tidak dapat dipakai ({0})",
        "\"{0}\" is not a postgresql:// URL": "\"{0}\" bukan URL postgresql://",
        "the store URL holds a password; put it in ~/.pgpass (0600) or PGPASSWORD instead, so it is not on the command line": "URL store memuat kata sandi; taruh di ~/.pgpass (0600) atau PGPASSWORD, agar tidak tampak di baris perintah",
        "the store URL's option {0} is not one tracedesk reads ({1})": "opsi {0} pada URL store tidak dibaca tracedesk ({1})",
        "port \"{0}\" is not a port number": "port \"{0}\" bukan nomor port",
        "the store URL names an empty host": "URL store menyebut host kosong",
        "sslmode \"{0}\" is not one of {1}": "sslmode \"{0}\" bukan salah satu dari {1}",
        "{0} can be read by others (mode {1}); make it 0600 (chmod 600 {2})": "{0} dapat dibaca orang lain (mode {1}); jadikan 0600 (chmod 600 {2})",
        "event {0} cannot be read by this build ({1})": "peristiwa {0} tidak dapat dibaca build ini ({1})",
        "no event {0} in team {1}": "tidak ada peristiwa {0} di tim {1}",
        "no outbox": "tidak ada kotak keluar",
        "the server gave no place for the event": "server tidak memberi tempat untuk peristiwa itu",
    ]
}
