// The Indonesian catalogue's server part: the city server's refusals, by their codes; what a
// desk on the server says about where a save is (kept on this desk, waiting to be sent, sent
// to the server); and the server's own listings.
extension Catalog {
    static let indonesianServer: [String: String] = [
        "{0} is not a member of any team on the server": "{0} bukan anggota tim mana pun di server",
        "the server refused an event without an id or a kind": "server menolak peristiwa tanpa id atau jenis",
        "the event names {0} as its actor, but {1} is logged in": "peristiwa menyebut {0} sebagai pelakunya, tetapi yang masuk adalah {1}",
        "the server knows no kind of event called {0}": "server tidak mengenal jenis peristiwa {0}",
        "the server refused a {0} event: its field {1} is missing or not as the desk writes it":
            "server menolak peristiwa {0}: kolom {1} tidak ada atau tidak seperti yang ditulis meja",
        "the event is stamped {0}, more than {1} minutes ahead of the server's clock; check this computer's clock":
            "peristiwa bertanggal {0}, lebih dari {1} menit di depan jam server; periksa jam komputer ini",
        "the event is stamped {0}, more than {1} hours ago; the server takes no work that old":
            "peristiwa bertanggal {0}, lebih dari {1} jam yang lalu; server tidak menerima pekerjaan selama itu",
        "only the data role imports line lists ({0} is a {1})": "hanya peran data yang mengimpor daftar kasus ({0} adalah {1})",
        "only a lead or the data role corrects a record ({0} is a {1})": "hanya ketua tim atau peran data yang mengoreksi data kasus ({0} adalah {1})",
        "only a team lead may do this ({0} is a {1})": "hanya ketua tim yang boleh melakukan ini ({0} adalah {1})",
        "the data role does not work cases": "peran data tidak mengerjakan kasus",
        "no team covers kecamatan \"{0}\" (case {1}); an admin adds it: tracedesk server add-team TEAM --area \"{2}\"":
            "tidak ada tim yang mencakup kecamatan \"{0}\" (kasus {1}); admin menambahkannya: tracedesk server add-team TIM --area \"{2}\"",
        "case {0} exists already on the server": "kasus {0} sudah ada di server",
        "contact {0} was not filed in an interview of case {1}": "kontak {0} tidak tercatat dalam wawancara kasus {1}",
        "contact {0} became case {1} already": "kontak {0} sudah menjadi kasus {1}",
        "nobody": "tidak ada",
        "{0} is not a tracer in team {1}": "{0} bukan pelacak di tim {1}",
        "no contact or case {0}": "tidak ada kontak atau kasus {0}",
        "{0} needs a team": "{0} memerlukan tim",
        "{0} is not in team {1}": "{0} tidak ada di tim {1}",
        "contact {0} is not one of case {1}'s": "kontak {0} bukan kontak kasus {1}",
        "{0}:{1}: nothing was imported: {2}": "{0}:{1}: tidak ada yang diimpor: {2}",
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
