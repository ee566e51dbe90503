// The Indonesian catalogue's server part: the city server's refusals, by their codes.
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
    ]
}
