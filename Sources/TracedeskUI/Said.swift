/// What a screen says until the next key (a form's refusal or notice), made again each time
/// it is drawn: F2 then words it in the language switched to. Made once, as text, it kept the
/// language it was said in.
public struct Said: Sendable, Equatable, CustomStringConvertible {
    let make: @Sendable () -> String
    public init(_ make: @escaping @Sendable () -> String) { self.make = make }
    public var text: String { make() }
    public var description: String { text }
    public static func == (a: Said, b: Said) -> Bool { a.text == b.text }
}
