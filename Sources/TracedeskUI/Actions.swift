import TracedeskCore
/// Where an action applies. A key means different things on different screens.
public enum Context: String, CaseIterable, Sendable {
    case queue, search, caseFile = "case", callForm = "call"
    case interviewForm = "interview-form", interviewDay = "interview-day"
    case interviewContacts = "interview-contacts", interviewReview = "interview-review"
    case review, reviewInterview = "review-interview", board, assign
    case followUp = "follow-up", followUpContact = "follow-up-contact", followUpCall = "follow-up-call"
    case personMatch = "person-match", pickTracer = "pick-tracer", correction = "correct"
    case help, pager, signIn = "sign-in", global
    /// A note typed in a line of its own (a lead's return note): letters are text, so the
    /// hint bar offers the note's keys, not the screen's letters under it.
    case note

    /// Contexts where a text entry has focus: a letter typed goes into the text, so no
    /// letter is offered in the hint bar (the return note's bar offered "a approve").
    public var takesText: Bool {
        switch self {
        case .search, .callForm, .interviewForm, .interviewDay, .followUpCall, .correction, .note, .signIn: true
        default: false
        }
    }

    public var title: String {
        switch self {
        case .queue: L("Queue")
        case .search: L("Search")
        case .caseFile: L("Case")
        case .callForm: L("Log a call")
        case .interviewForm: L("Interview: a form")
        case .interviewDay: L("Interview: a day")
        case .interviewContacts: L("Interview: contacts")
        case .interviewReview: L("Interview: review")
        case .review: L("Review queue (leads)")
        case .reviewInterview: L("Reviewing an interview (leads)")
        case .board: L("Team board (leads)")
        case .assign: L("Assigning cases (leads)")
        case .followUp: L("Follow-up: who to call today")
        case .followUpContact: L("Follow-up: a contact")
        case .followUpCall: L("Follow-up: a call")
        case .personMatch: L("The same person?")
        case .pickTracer: L("Choosing a tracer (leads)")
        case .correction: L("Correcting a case record (leads)")
        case .help: L("Help")
        case .pager: L("Reading in full")
        case .signIn: L("Sign in")
        case .global: L("Everywhere")
        case .note: L("Writing a note")
        }
    }
}

/// Everything a tracer can do by key. The one table below drives key dispatch, the help screen
/// and the hint bar (tig's REQ_* table), and later a user keymap that rebinds by id.
public enum Action: String, CaseIterable, Sendable {
    case moveUp = "move-up", moveDown = "move-down", pageUp = "page-up", pageDown = "page-down"
    case first = "move-first", last = "move-last"
    case openCase = "open-case", search, cycleScope = "cycle-scope", cycleStatus = "cycle-status"
    case clearSearch = "clear-search", acceptSearch = "accept-search"
    case logCall = "log-call", startInterview = "start-interview", back
    case nextField = "next-field", previousField = "previous-field", save
    case choiceNext = "choice-next", choicePrevious = "choice-previous", confirm
    case nextScreen = "next-screen", previousScreen = "previous-screen", jumpToReview = "jump-to-review"
    case addContact = "add-contact", deleteContact = "delete-contact", nothingToRecord = "nothing-to-record"
    case fileInterview = "file-interview"
    case openReview = "open-review", openBoard = "open-board", approve, returnInterview = "return-interview"
    case showHistory = "show-history", sortBoard = "sort-board", filterBoard = "filter-board"
    case assignCases = "assign-cases", markCase = "mark-case", markAll = "mark-all"
    case switchLanguage = "switch-language", nextTheme = "next-theme"
    case readInFull = "read-in-full"
    case viewCase = "view-case"
    case openFollowUp = "open-follow-up", linkPerson = "link-person", keepApart = "keep-apart"
    case unlinkPerson = "unlink-person", correctRecord = "correct-record"
    case help, quit
}

extension Action {
    /// Actions of the lead's desk; the domain refuses their writes from anyone else anyway.
    public var leadOnly: Bool { [.openReview, .openBoard, .unlinkPerson, .correctRecord].contains(self) }
}

public struct ActionSpec: Sendable {
    public let action: Action
    public let contexts: [Context]
    public let keys: [Key]
    /// Catalogue text, looked up when shown: the table is built once, the language can change.
    let helpText: Localizable
    /// Short label for the hint bar; nil keeps the action out of it.
    let hintText: Localizable?

    init(action: Action, contexts: [Context], keys: [Key], help: Localizable, hint: Localizable?) {
        self.action = action; self.contexts = contexts; self.keys = keys; helpText = help; hintText = hint
    }

    public var help: String { L(helpText) }
    public var hint: String? { hintText.map { L($0) } }
}

public enum ActionTable {
    public static let specs: [ActionSpec] = [
        ActionSpec(action: .moveUp, contexts: [.queue, .caseFile, .help, .pager], keys: [.up, .char("k")], help: "Move up", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.queue, .caseFile, .help, .pager], keys: [.down, .char("j")], help: "Move down", hint: nil),
        // Not j/k: on a form's choice a letter is typing, and said, never a silent move.
        ActionSpec(action: .moveUp, contexts: [.callForm, .followUpCall], keys: [.up], help: "Previous choice", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.callForm, .followUpCall], keys: [.down], help: "Next choice", hint: nil),
        ActionSpec(action: .pageUp, contexts: [.queue, .caseFile, .help, .pager], keys: [.pageUp, .ctrl("b")], help: "Page up", hint: nil),
        ActionSpec(action: .pageDown, contexts: [.queue, .caseFile, .help, .pager], keys: [.pageDown, .ctrl("f"), .char(" ")], help: "Page down", hint: nil),
        ActionSpec(action: .first, contexts: [.queue, .caseFile, .help, .pager], keys: [.home, .char("g")], help: "First line", hint: nil),
        ActionSpec(action: .last, contexts: [.queue, .caseFile, .help, .pager], keys: [.end, .char("G")], help: "Last line", hint: nil),
        ActionSpec(action: .openCase, contexts: [.queue], keys: [.enter], help: "Open the selected case (claims it for you)", hint: "open"),
        ActionSpec(action: .viewCase, contexts: [.queue], keys: [.char("v")], help: "Look at the selected case without claiming it (read-only)", hint: nil),
        ActionSpec(action: .startInterview, contexts: [.queue], keys: [.char("i")], help: "Continue your interview of the selected case", hint: nil),
        ActionSpec(action: .search, contexts: [.queue], keys: [.char("/")], help: "Search by case id, name, NIK, phone or kelurahan", hint: "search"),
        ActionSpec(action: .cycleScope, contexts: [.queue], keys: [.char("m")], help: "Show mine / unassigned / all cases", hint: "mine/all"),
        ActionSpec(action: .cycleStatus, contexts: [.queue], keys: [.char("s")], help: "Filter by status (open, any, each status)", hint: "status"),
        ActionSpec(action: .acceptSearch, contexts: [.search], keys: [.enter, .down], help: "Keep the search and go to the list", hint: "keep"),
        ActionSpec(action: .clearSearch, contexts: [.search, .queue], keys: [.escape], help: "Clear the search", hint: "clear"),
        ActionSpec(action: .logCall, contexts: [.caseFile], keys: [.char("c")], help: "Log a call attempt (outcome, note, callback time)", hint: "log call"),
        ActionSpec(action: .startInterview, contexts: [.caseFile], keys: [.char("i")], help: "Start or resume the interview", hint: "interview"),
        ActionSpec(action: .nextField, contexts: [.interviewForm, .interviewDay], keys: [.tab], help: "Next field", hint: "next"),
        ActionSpec(action: .previousField, contexts: [.interviewForm, .interviewDay], keys: [.backTab], help: "Previous field", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.down], help: "Next field / next in the list", hint: nil),
        ActionSpec(action: .moveUp, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.up], help: "Previous field / previous in the list", hint: nil),
        ActionSpec(action: .choiceNext, contexts: [.interviewForm, .interviewDay], keys: [.right, .char(" ")], help: "Next choice (or 1–9 to pick)", hint: nil),
        ActionSpec(action: .choicePrevious, contexts: [.interviewForm, .interviewDay], keys: [.left], help: "Previous choice", hint: nil),
        ActionSpec(action: .confirm, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.enter],
                   help: "Confirm: add the place or person, open the contact, jump to the problem", hint: "confirm"),
        ActionSpec(action: .nextScreen, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.pageDown],
                   help: "Next screen (blocked only by errors)", hint: "next screen"),
        ActionSpec(action: .previousScreen, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.pageUp],
                   help: "Previous screen", hint: "back screen"),
        ActionSpec(action: .jumpToReview, contexts: [.interviewForm, .interviewDay, .interviewContacts], keys: [.function(9)], help: "Jump to review", hint: "review"),
        ActionSpec(action: .addContact, contexts: [.interviewContacts], keys: [.char("a")], help: "Add a contact", hint: "add"),
        ActionSpec(action: .deleteContact, contexts: [.interviewContacts], keys: [.char("d"), .delete], help: "Delete the contact (asks first)", hint: "delete"),
        ActionSpec(action: .nothingToRecord, contexts: [.interviewDay], keys: [.function(4)], help: "Mark the day: nothing to record", hint: "nothing"),
        ActionSpec(action: .fileInterview, contexts: [.interviewReview], keys: [.char("f"), .function(10)], help: "File the interview (asks first)", hint: "file"),
        ActionSpec(action: .fileInterview, contexts: [.interviewForm, .interviewDay, .interviewContacts], keys: [.function(10)], help: "File the interview (from review)", hint: nil),
        ActionSpec(action: .back, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.escape],
                   help: "Close the contact form, or leave the interview (the draft is kept)", hint: "leave"),
        ActionSpec(action: .help, contexts: [.interviewForm, .interviewDay], keys: [.function(1)], help: "This help", hint: "help"),
        ActionSpec(action: .back, contexts: [.caseFile, .help, .pager], keys: [.escape, .char("q"), .left], help: "Back to the previous screen", hint: "back"),
        ActionSpec(action: .readInFull, contexts: [.caseFile], keys: [.enter], help: "Read the record, the calls' notes, the return note and the history in full", hint: "read all"),
        ActionSpec(action: .readInFull, contexts: [.reviewInterview], keys: [.char("v"), .function(5)], help: "Read in full what is cut: the warnings, the screen on show, the history of changes", hint: "read all"),
        // Typing contexts take letters as text: a function key reads a cut field or list whole.
        ActionSpec(action: .readInFull, contexts: [.interviewForm, .interviewDay, .interviewContacts, .interviewReview], keys: [.function(5)],
                   help: "Read in full what is cut with …: the contact's fields and notes, the day's places and people, the return note", hint: "read all"),
        ActionSpec(action: .readInFull, contexts: [.followUpContact], keys: [.enter, .char("v")], help: "Read every check, exposure and link in full", hint: "read all"),
        ActionSpec(action: .unlinkPerson, contexts: [.followUpContact], keys: [.char("u")], help: "Undo a link: not the same person after all (leads; asks first)", hint: "unlink"),
        ActionSpec(action: .correctRecord, contexts: [.caseFile], keys: [.char("e")], help: "Correct the case record: a wrong phone, a misspelt name (leads and data people)", hint: "correct"),
        ActionSpec(action: .nextField, contexts: [.callForm], keys: [.tab], help: "Next field", hint: "next field"),
        ActionSpec(action: .previousField, contexts: [.callForm], keys: [.backTab], help: "Previous field", hint: nil),
        ActionSpec(action: .save, contexts: [.callForm, .signIn], keys: [.enter], help: "Save", hint: "save"),
        ActionSpec(action: .back, contexts: [.callForm], keys: [.escape], help: "Cancel (asks first if you typed something)", hint: "cancel"),
        ActionSpec(action: .nextField, contexts: [.correction], keys: [.tab, .down], help: "Next field (checks the one left)", hint: "next field"),
        ActionSpec(action: .previousField, contexts: [.correction], keys: [.backTab, .up], help: "Previous field", hint: nil),
        ActionSpec(action: .save, contexts: [.correction], keys: [.enter], help: "Save the correction (needs a reason)", hint: "save"),
        ActionSpec(action: .back, contexts: [.correction], keys: [.escape], help: "Cancel (asks first if you typed something)", hint: "cancel"),
        // F1 only: `?` is text in a corrected field (an address, a name).
        ActionSpec(action: .help, contexts: [.correction, .callForm, .followUpCall], keys: [.function(1)], help: "This help", hint: "help"),
        ActionSpec(action: .openReview, contexts: [.queue, .board], keys: [.char("r")], help: "Review queue: interviews awaiting a lead", hint: "review"),
        ActionSpec(action: .openBoard, contexts: [.queue, .review], keys: [.char("b")], help: "Team board: each tracer's figures; assign cases", hint: "board"),
        ActionSpec(action: .moveUp, contexts: [.review, .board, .assign, .reviewInterview], keys: [.up, .char("k")], help: "Move up", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.review, .board, .assign, .reviewInterview], keys: [.down, .char("j")], help: "Move down", hint: nil),
        ActionSpec(action: .pageUp, contexts: [.review, .board, .assign], keys: [.pageUp, .ctrl("b")], help: "Page up", hint: nil),
        ActionSpec(action: .pageDown, contexts: [.review, .board, .assign], keys: [.pageDown, .ctrl("f")], help: "Page down", hint: nil),
        ActionSpec(action: .first, contexts: [.review, .board, .assign], keys: [.home, .char("g")], help: "First line", hint: nil),
        ActionSpec(action: .last, contexts: [.review, .board, .assign], keys: [.end, .char("G")], help: "Last line", hint: nil),
        ActionSpec(action: .openCase, contexts: [.review], keys: [.enter], help: "Open the interview, screen by screen as it was walked", hint: "open"),
        ActionSpec(action: .nextScreen, contexts: [.reviewInterview], keys: [.pageDown, .right], help: "Next screen of the interview", hint: "next screen"),
        ActionSpec(action: .previousScreen, contexts: [.reviewInterview], keys: [.pageUp, .left], help: "Previous screen", hint: "back screen"),
        ActionSpec(action: .confirm, contexts: [.reviewInterview], keys: [.enter], help: "Show the selected contact in full", hint: nil),
        ActionSpec(action: .approve, contexts: [.reviewInterview], keys: [.char("a")], help: "Approve: the contacts go to follow-up (asks first)", hint: "approve"),
        ActionSpec(action: .returnInterview, contexts: [.reviewInterview], keys: [.char("r")], help: "Return to the tracer with a note", hint: "return"),
        ActionSpec(action: .showHistory, contexts: [.reviewInterview], keys: [.char("h")], help: "Who changed what and when (from the journal)", hint: "history"),
        ActionSpec(action: .sortBoard, contexts: [.board], keys: [.char("o")], help: "Sort by the next column", hint: "sort"),
        ActionSpec(action: .filterBoard, contexts: [.board], keys: [.char("f")], help: "Show all tracers / with returned / overdue callbacks / below the contact target", hint: "filter"),
        ActionSpec(action: .openCase, contexts: [.board], keys: [.enter], help: "The tracer's cases: reassign some", hint: "cases"),
        ActionSpec(action: .assignCases, contexts: [.board], keys: [.char("u")], help: "Unassigned cases: assign them", hint: "unassigned"),
        ActionSpec(action: .markCase, contexts: [.assign], keys: [.char(" ")], help: "Mark or unmark the case", hint: "mark"),
        ActionSpec(action: .markAll, contexts: [.assign], keys: [.char("*")], help: "Mark every case shown (again: none)", hint: "all"),
        ActionSpec(action: .assignCases, contexts: [.assign], keys: [.char("a"), .enter], help: "Assign the marked cases (or the selected one) to a tracer", hint: "assign"),
        ActionSpec(action: .back, contexts: [.review, .board, .assign, .reviewInterview], keys: [.escape, .char("q")], help: "Back", hint: "back"),
        ActionSpec(action: .openFollowUp, contexts: [.queue], keys: [.char("f")], help: "Follow-up: the contacts to call today", hint: "follow-up"),
        ActionSpec(action: .moveUp, contexts: [.followUp], keys: [.up, .char("k")], help: "Move up", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.followUp], keys: [.down, .char("j")], help: "Move down", hint: nil),
        ActionSpec(action: .pageUp, contexts: [.followUp], keys: [.pageUp, .ctrl("b")], help: "Page up", hint: nil),
        ActionSpec(action: .pageDown, contexts: [.followUp], keys: [.pageDown, .ctrl("f")], help: "Page down", hint: nil),
        ActionSpec(action: .first, contexts: [.followUp], keys: [.home, .char("g")], help: "First line", hint: nil),
        ActionSpec(action: .last, contexts: [.followUp], keys: [.end, .char("G")], help: "Last line", hint: nil),
        ActionSpec(action: .openCase, contexts: [.followUp], keys: [.enter], help: "Open the contact: exposure, quarantine end, every check", hint: "open"),
        ActionSpec(action: .logCall, contexts: [.followUp, .followUpContact], keys: [.char("c")], help: "Log a follow-up call (outcome, symptoms, test)", hint: "log call"),
        ActionSpec(action: .cycleScope, contexts: [.followUp], keys: [.char("m")], help: "Show yours / everyone's follow-ups", hint: "mine/all"),
        ActionSpec(action: .markCase, contexts: [.followUp], keys: [.char(" ")], help: "Mark or unmark the contact (leads)", hint: nil),
        ActionSpec(action: .assignCases, contexts: [.followUp], keys: [.char("a")], help: "Give the marked contacts (or the selected one) to a tracer (leads)", hint: nil),
        ActionSpec(action: .back, contexts: [.followUp, .followUpContact], keys: [.escape, .char("q"), .left], help: "Back", hint: "back"),
        ActionSpec(action: .nextField, contexts: [.followUpCall], keys: [.tab], help: "Next field", hint: "next field"),
        ActionSpec(action: .previousField, contexts: [.followUpCall], keys: [.backTab], help: "Previous field", hint: nil),
        ActionSpec(action: .save, contexts: [.followUpCall], keys: [.enter], help: "Save", hint: "save"),
        ActionSpec(action: .back, contexts: [.followUpCall], keys: [.escape], help: "Cancel (asks first if you typed something)", hint: "cancel"),
        ActionSpec(action: .save, contexts: [.note], keys: [.enter], help: "Send the note", hint: "send"),
        ActionSpec(action: .back, contexts: [.note], keys: [.escape], help: "Cancel: nothing is sent", hint: "cancel"),
        ActionSpec(action: .help, contexts: [.queue, .caseFile, .interviewContacts, .interviewReview, .review, .reviewInterview, .board, .assign, .pager, .personMatch],
                   keys: [.char("?"), .function(1)], help: "This help", hint: "help"),
        ActionSpec(action: .linkPerson, contexts: [.personMatch], keys: [.char("l")], help: "The same person: link them (one follow-up, every exposure)", hint: "link"),
        ActionSpec(action: .keepApart, contexts: [.personMatch], keys: [.char("k")], help: "Not the same person: keep them apart", hint: "keep apart"),
        ActionSpec(action: .moveUp, contexts: [.personMatch], keys: [.up], help: "Previous match", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.personMatch], keys: [.down], help: "Next match", hint: nil),
        ActionSpec(action: .back, contexts: [.personMatch], keys: [.escape], help: "Decide later (asked again)", hint: "later"),
        ActionSpec(action: .help, contexts: [.followUp, .followUpContact], keys: [.char("?"), .function(1)], help: "This help", hint: "help"),
        ActionSpec(action: .moveUp, contexts: [.pickTracer], keys: [.up, .char("k")], help: "Previous tracer", hint: nil),
        ActionSpec(action: .moveDown, contexts: [.pickTracer], keys: [.down, .char("j")], help: "Next tracer", hint: nil),
        ActionSpec(action: .confirm, contexts: [.pickTracer], keys: [.enter], help: "Give the work to the highlighted tracer", hint: "assign"),
        ActionSpec(action: .back, contexts: [.pickTracer], keys: [.escape], help: "Cancel: nothing is assigned", hint: "cancel"),
        ActionSpec(action: .quit, contexts: [.queue], keys: [.char("q")], help: "Quit the desk (asks first if something is not saved)", hint: "quit"),
        ActionSpec(action: .quit, contexts: [.global], keys: [.ctrl("c")], help: "Quit the desk", hint: nil),
        ActionSpec(action: .switchLanguage, contexts: [.global], keys: [.function(2)], help: "Bahasa Indonesia / English", hint: nil),
        ActionSpec(action: .nextTheme, contexts: [.global], keys: [.function(3)], help: "Next theme (default, light, high contrast, monochrome…)", hint: nil),
    ]

    public static func specs(in context: Context) -> [ActionSpec] { specs.filter { $0.contexts.contains(context) } }

    public static func label(_ key: Key) -> String {
        switch key {
        case .char(" "): L("Space")
        case .char(let c): String(c)
        case .ctrl(let c): "^" + c.uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: L("PgUp")
        case .pageDown: L("PgDn")
        case .home: L("Home")
        case .end: L("End")
        case .enter: L("Enter")
        case .escape: L("Esc")
        case .backspace: L("Bksp")
        case .delete: L("Del")
        case .tab: L("Tab")
        case .backTab: L("S-Tab")
        case .function(let n): "F\(n)"
        }
    }
}
