/// The highlighted row of a list and the first row shown, kept on screen as the list and the
/// window change. The lead's lists share it.
struct ListCursor: Sendable, Equatable {
    var selection = 0
    var top = 0

    mutating func move(to i: Int, count: Int, height: Int) {
        selection = max(0, min(count - 1, i))
        if selection < top { top = selection }
        if selection >= top + height { top = selection - height + 1 }
        top = max(0, top)
    }

    /// Handles the moving keys; false when `action` is not one of them.
    mutating func handle(_ action: Action?, count: Int, height: Int) -> Bool {
        switch action {
        case .moveUp: move(to: selection - 1, count: count, height: height)
        case .moveDown: move(to: selection + 1, count: count, height: height)
        case .pageUp: move(to: selection - max(1, height - 1), count: count, height: height)
        case .pageDown: move(to: selection + max(1, height - 1), count: count, height: height)
        case .first: move(to: 0, count: count, height: height)
        case .last: move(to: count - 1, count: count, height: height)
        default: return false
        }
        return true
    }

    /// The first row to draw: the selection stays visible, also right after a resize.
    func visibleTop(count: Int, height: Int) -> Int {
        var t = top
        if selection < t { t = selection }
        if selection >= t + height { t = selection - height + 1 }
        return max(0, min(t, max(0, count - height)))
    }

    mutating func clamp(count: Int) { selection = max(0, min(selection, count - 1)) }
}
