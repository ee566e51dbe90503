import Foundation
import TracedeskCore

/// The bars every screen shares: title on top, the message line and the hint bar below.
enum Chrome {
    static func titleBar(into f: inout Frame, title: String, whole: String? = nil, context: DeskContext) {
        f.fill(y: 0, slot: .title)
        let clock = context.settings.clock
        let d = clock.day(of: context.now)
        let hm = clock.hourMinute(of: context.now)
        let dm = d.components
        let time = String(format: "%02d:%02d", hm.hour, hm.minute)
        let dateTime = "\(String(format: "%02d/%02d", dm.day, dm.month)) \(time) \(clock.label) "
        var right = " \(DateText.weekdayShort(d)) " + dateTime
        // Held work is named on the top line of every screen, whatever the message line says
        // meanwhile: it is what quitting would lose.
        var notice = context.pending.isEmpty ? "" : L(" NOT SAVED: \(context.pending.items.count) in memory ")
        // A server out of reach is said on every screen: what is saved waits on this computer.
        switch context.connection {
        case .connected: break
        case .away(let n) where n > 0: notice = L(" SERVER AWAY: \(n) waiting to send ") + notice
        case .away: notice = L(" SERVER AWAY ") + notice
        case .refusedOffline: notice = L(" SERVER REFUSED OFFLINE WORK ") + notice
        }
        // The notices are what must be read whole: on a narrow window the clock gives way
        // first (the weekday and day, then the time), and the title takes what is left.
        let roomForTitle = 16
        if f.size.width - DisplayWidth.of(right) - DisplayWidth.of(notice) < roomForTitle {
            right = " \(time) "
        }
        if f.size.width - DisplayWidth.of(right) - DisplayWidth.of(notice) < roomForTitle / 2 { right = "" }
        var left = " " + title
        // A case id is never cut: the title up to it, and room for "…", come before the clock,
        // and then before the notice's end (the notice is cut, marked, only on a very narrow window).
        var noticeWidth = DisplayWidth.of(notice)
        if let whole, let r = left.range(of: whole) {
            var needed = DisplayWidth.of(String(left[..<r.upperBound])) + 2
            if f.size.width - DisplayWidth.of(right) - noticeWidth - 1 < needed { right = "" }
            // Then the word before the id ("Kasus"): the id says what screen this is.
            if f.size.width - noticeWidth - 1 < needed {
                left = " " + left[r.lowerBound...]
                needed = DisplayWidth.of(whole) + 3
            }
            noticeWidth = min(noticeWidth, max(0, f.size.width - needed - 1))
        }
        var rightWidth = DisplayWidth.of(right) + noticeWidth
        // On a narrow window the counts matter more than the program's name.
        if DisplayWidth.of(left) > f.size.width - rightWidth - 1, left.hasPrefix(" tracedesk · ") {
            left = " " + left.dropFirst(13)
        }
        // …and more than the weekday, when that makes the title whole: the queue's last count
        // was cut at 80 in Indonesian.
        if DisplayWidth.of(left) > f.size.width - rightWidth - 1, right.hasSuffix(dateTime), right != " " + dateTime,
           DisplayWidth.of(left) <= f.size.width - DisplayWidth.of(" " + dateTime) - noticeWidth - 1 {
            right = " " + dateTime
            rightWidth = DisplayWidth.of(right) + noticeWidth
        }
        // …and more than the date: the time and zone alone, when that makes the title whole (two-digit
        // counts in Indonesian were still cut at 80 without the weekday).
        let timeOnly = " \(time) \(clock.label) "
        if DisplayWidth.of(left) > f.size.width - rightWidth - 1, !right.isEmpty, right != timeOnly,
           DisplayWidth.of(left) <= f.size.width - DisplayWidth.of(timeOnly) - noticeWidth - 1 {
            right = timeOnly
            rightWidth = DisplayWidth.of(right) + noticeWidth
        }
        f.put(left, x: 0, y: 0, slot: .title, maxWidth: f.size.width - rightWidth - 1)
        if !notice.isEmpty { f.put(notice, x: f.size.width - rightWidth, y: 0, slot: .error, maxWidth: noticeWidth) }
        f.put(right, x: f.size.width - DisplayWidth.of(right), y: 0, slot: .title)
    }


    /// `hintRows`: the rows the hint bar takes below it.
    static func messageLine(into f: inout Frame, flash: Flash?, readOnly: String?, pending: PendingWrites = PendingWrites(), hintRows: Int = 1) {
        let y = f.size.height - 1 - hintRows
        if let flash {
            let slot: Slot = switch flash.kind {
            case .info: .normal
            case .success: .success
            case .warning: .warning
            case .error: .error
            }
            // A message longer than the window (a refusal with its reason, in Indonesian) takes
            // the row above as well, broken between words, rather than losing its end.
            let lines = wrap(" " + flash.text, width: f.size.width, rows: 2)
            for (i, line) in lines.enumerated() {
                let row = y - (lines.count - 1) + i
                f.fill(y: row, slot: slot == .error ? .error : .normal)
                f.put(line, x: 0, y: row, slot: slot)
            }
        } else if pending.holdsUnsaved {
            let text = pending.isStopped
                ? L(" NOT saved, kept in memory only (writing has stopped): \(pending.summary)")
                : L(" NOT saved, kept in memory only (tried again every moment): \(pending.summary)")
            f.fill(y: y, slot: .error)
            f.put(text, x: 0, y: y, slot: .error)
        } else if let readOnly {
            f.put(L(" Read-only: ") + readOnly, x: 0, y: y, slot: .warning)
        }
    }

    /// `text` in up to `rows` lines of `width`, broken at spaces (a word longer than a line
    /// is broken where it must); the last line is cut with "…" if even that is not enough.
    static func wrap(_ text: String, width: Int, rows: Int) -> [String] {
        guard DisplayWidth.of(text) > width, rows > 1 else { return [text] }
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty && lines.count < rows - 1 {
            var cut = rest.startIndex, used = 0, lastSpace: String.Index?
            while cut < rest.endIndex {
                let w = DisplayWidth.of(rest[cut])
                if used + w > width { break }
                if rest[cut] == " " && cut > rest.startIndex { lastSpace = cut }
                used += w
                cut = rest.index(after: cut)
            }
            if cut == rest.endIndex { break }
            let end = lastSpace ?? cut
            lines.append(String(rest[..<end]))
            rest = rest[end...].drop { $0 == " " }
            rest = Substring(" " + rest)
        }
        lines.append(String(rest))
        return lines
    }

    /// The hint bar in its rows (see `hintRows`), at the bottom of the frame.
    static func hintBar(into f: inout Frame, rows: [[(String, String)]]) {
        for (i, row) in rows.enumerated() {
            let y = f.size.height - rows.count + i
            f.fill(y: y, slot: .hintText)
            var x = 0
            for (key, text) in row {
                x += f.put(key, x: x, y: y, slot: .hintKey)
                x += f.put(text, x: x, y: y, slot: .hintText)
            }
        }
    }

    /// The hint bar's pieces (a key, then its words), row by row, in `width`. Every key the
    /// bar names is kept with its words: the last ones were dropped when they did not fit
    /// (a tracer at 80 columns never saw `f` for follow-up; Indonesian lost `f` on the
    /// review). One row when it holds them, with tighter spacing if that is what it takes;
    /// else they are wrapped onto a second row, and the screen gives up a row of its body.
    /// Only a keys file with names longer than two rows loses the words of its last keys
    /// (the keys themselves stay; `?` names them all).
    static func hintRows(_ hints: [(key: String, text: String, essential: Bool)], width: Int) -> [[(String, String)]] {
        func size(_ p: (String, String)) -> Int { DisplayWidth.of(p.0) + DisplayWidth.of(p.1) }
        func total(_ pieces: [(String, String)]) -> Int { pieces.reduce(0) { $0 + size($1) } }
        let roomy = hints.map { (" " + $0.key, " " + $0.text + " ") }
        if total(roomy) <= width { return [roomy] }
        let tight = hints.map { (" " + $0.key, " " + $0.text) }
        if total(tight) <= width { return [tight] }
        // Two rows, the break where the first is full.
        var first: [(String, String)] = [], used = 0, i = 0
        while i < roomy.count, used + size(roomy[i]) <= width { first.append(roomy[i]); used += size(roomy[i]); i += 1 }
        var second = Array(roomy[i...])
        var j = second.count - 1
        while total(second) > width, j >= 0 {
            if !hints[i + j].essential { second[j].1 = " " }
            j -= 1
        }
        return [first, second]
    }
}

/// Drawn instead of the desk when the window is too small to show it properly.
enum TooSmallNotice {
    static func draw(into f: inout Frame) {
        let lines = [
            L("Window too small: \(f.size.width)×\(f.size.height)."),
            L("tracedesk needs at least \(DeskApp.minimumSize.width)×\(DeskApp.minimumSize.height)."),
            L("Make the window larger;"),
            L("nothing is lost meanwhile."),
        ]
        let top = max(0, (f.size.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            let x = max(0, (f.size.width - DisplayWidth.of(l)) / 2)
            f.put(l, x: x, y: top + i, slot: i == 0 ? .warning : .normal)
        }
    }
}
