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
        "DESK OPTIONS (tracedesk with no subcommand, or tracedesk desk):": "OPSI DESK (tracedesk tanpa subperintah, atau tracedesk desk):",
    ]
}
