import Foundation
import TracedeskCore

/// The bars every screen shares: title on top, the message line and the hint bar below.
enum Chrome {
    static func titleBar(into f: inout Frame, title: String, context: DeskContext) {
        f.fill(y: 0, slot: .title)
        let clock = context.settings.clock
        let d = clock.day(of: context.now)
        let hm = clock.hourMinute(of: context.now)
        let dm = d.components
        let right = " \(DateText.weekdayShort(d)) \(String(format: "%02d/%02d %02d:%02d", dm.day, dm.month, hm.hour, hm.minute)) \(clock.label) "
        // Held work is named on the top line of every screen, whatever the message line says
        // meanwhile: it is what quitting would lose.
        var notice = context.pending.isEmpty ? "" : L(" NOT SAVED: \(context.pending.items.count) in memory ")
        // A server out of reach is said on every screen: what is saved waits on this computer.
        switch context.connection {
        case .connected: break
        case .away(let n) where n > 0: notice = L(" SERVER AWAY: \(n) saved here ") + notice
        case .away: notice = L(" SERVER AWAY ") + notice
        case .refusedOffline: notice = L(" SERVER REFUSED OFFLINE WORK ") + notice
        }
        let rightWidth = DisplayWidth.of(right) + DisplayWidth.of(notice)
        var left = " " + title
        // On a narrow window the counts matter more than the program's name.
        if DisplayWidth.of(left) > f.size.width - rightWidth - 1, left.hasPrefix(" tracedesk · ") {
            left = " " + left.dropFirst(13)
        }
        f.put(left, x: 0, y: 0, slot: .title, maxWidth: f.size.width - rightWidth - 1)
        if !notice.isEmpty { f.put(notice, x: f.size.width - rightWidth, y: 0, slot: .error) }
        f.put(right, x: f.size.width - DisplayWidth.of(right), y: 0, slot: .title)
    }


    static func messageLine(into f: inout Frame, flash: Flash?, readOnly: String?, pending: PendingWrites = PendingWrites()) {
        let y = f.size.height - 2
        if let flash {
            let slot: Slot = switch flash.kind {
            case .info: .normal
            case .success: .success
            case .warning: .warning
            case .error: .error
            }
            f.fill(y: y, slot: slot == .error ? .error : .normal)
            f.put(" " + flash.text, x: 0, y: y, slot: slot)
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

    static func hintBar(into f: inout Frame, context: Context, keymap: Keymap, role: Role = .lead) {
        let y = f.size.height - 1
        f.fill(y: y, slot: .hintText)
        // When they do not all fit, the others give way (last first) so the way out (Esc,
        // back, quit) and help always stay.
        var hints = keymap.hintEntries(in: context, role: role)
        func width(_ h: (key: String, text: String, essential: Bool)) -> Int { DisplayWidth.of(h.key) + DisplayWidth.of(h.text) + 3 }
        while hints.reduce(0, { $0 + width($1) }) > f.size.width, let i = hints.lastIndex(where: { !$0.essential }) {
            hints.remove(at: i)
        }
        var x = 0
        for h in hints {
            if x + width(h) > f.size.width { break }
            x += f.put(" " + h.key, x: x, y: y, slot: .hintKey)
            x += f.put(" " + h.text + " ", x: x, y: y, slot: .hintText)
        }
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
