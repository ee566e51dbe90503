import TracedeskCore
/// Asks who is working when neither --tracer nor TRACEDESK_TRACER says so. Every event the
/// desk writes carries this id.
public struct SignInScreen: Sendable {
    public var field = TextField(maxLength: 32)
    public var error: String?

    public init() {}

    public enum Result: Equatable, Sendable { case stay, signedIn(String), cancel }

    /// The same rule the team file applies to ids.
    public static func validate(_ id: String) -> String? { Team.idProblem(id) }

    public mutating func update(_ input: Input) -> Result {
        switch input {
        case .signal: return .cancel
        case .key(.escape), .key(.ctrl("c")): return .cancel
        case .key(.enter):
            let id = field.text
            if let problem = SignInScreen.validate(id) { error = problem; return .stay }
            return .signedIn(id)
        case .key(let k):
            field.handle(k); error = nil
            return .stay
        case .paste(let text):
            field.paste(text); error = nil
            return .stay
        default: return .stay
        }
    }

    public func view(into f: inout Frame) {
        f.fill(y: 0, slot: .title)
        f.put(L(" tracedesk · sign in"), x: 0, y: 0, slot: .title)
        let x = max(2, (f.size.width - 50) / 2)
        let y = max(2, f.size.height / 2 - 3)
        f.put(L("Who is working at this desk?"), x: x, y: y, slot: .normal)
        f.put(L("Tracer id:"), x: x, y: y + 2, slot: .fieldLabel)
        let cx = field.draw(into: &f, x: x + 11, y: y + 2, width: 32, slot: .fieldActive)
        f.cursor = (x + 11 + cx, y + 2)
        if let error { f.put(error, x: x + 11, y: y + 3, slot: .fieldInvalid) }
        f.put(L("Every change you make is journaled under this id."), x: x, y: y + 5, slot: .disabled)
        f.fill(y: f.size.height - 1, slot: .hintText)
        f.put(L(" Enter"), x: 0, y: f.size.height - 1, slot: .hintKey)
        f.put(L(" sign in "), x: 6, y: f.size.height - 1, slot: .hintText)
        f.put(L(" Esc"), x: 15, y: f.size.height - 1, slot: .hintKey)
        f.put(L(" quit "), x: 19, y: f.size.height - 1, slot: .hintText)
    }
}
