extension Catalog {
    static let indonesian: [String: String] = [:]
}
