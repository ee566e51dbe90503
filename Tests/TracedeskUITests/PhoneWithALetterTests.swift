import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// The desk's correction form refuses a phone with a letter in it (O for 0), as import and
/// `tracedesk correct` do (issue 17): it once kept the digits and stored a number one short.
@Suite struct PhoneWithALetterTests {
    @Test(arguments: [Language.en, .id])
    func theCorrectionFormRefusesAPhoneWithALetter(_ language: Language) throws {
        let h = CorrectingARecordAtTheDeskTests.openAsLead(language)
        h.type(.char("e"), .tab, .tab, .ctrl("u"))
        h.type(text: "0812-3456-78O1")
        h.type(.tab)
        let says = language == .en ? "Phone: 08••••••••••O1 is not an Indonesian phone number (08…, +62…, 62…)"
                                   : "Telepon: 08••••••••••O1 bukan nomor telepon Indonesia (08…, +62…, 62…)"
        #expect(h.text.contains(says), "\(h.text)")
        h.type(.enter)
        #expect(CorrectingARecordAtTheDeskTests.corrections(h).isEmpty)
    }
}
