import Foundation
import Testing
@testable import TracedeskCore

@Suite struct DayTests {
    @Test func readsIsoAndIndonesianLabDates() {
        #expect(Day(parsing: "2021-07-05")?.iso == "2021-07-05")
        #expect(Day(parsing: "05/07/2021")?.iso == "2021-07-05") // day first, as Indonesian labs write it
        #expect(Day(parsing: " 2021-07-05 ")?.iso == "2021-07-05")
    }

    @Test func isoIsWrittenAsPrintfWouldEveryDayForCenturies() {
        for ordinal in stride(from: Day(year: 1900, month: 1, day: 1)!.ordinal, through: Day(year: 2100, month: 12, day: 31)!.ordinal, by: 1) {
            let d = Day(ordinal: ordinal), c = d.components
            let expected = String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
            if d.iso != expected { Issue.record("\(expected) written as \(d.iso)"); return }
        }
    }

    @Test func refusesImpossibleDates() {
        for bad in ["2021-02-29", "2021-13-01", "32/01/2021", "2021-7", "yesterday", "", "21-07-05"] {
            #expect(Day(parsing: bad) == nil, "\(bad) should not parse")
        }
        #expect(Day(parsing: "2020-02-29") != nil)
    }

    @Test func weekdayOfKnownDates() {
        #expect(day("2021-07-05").weekday == 1) // Monday (Senin)
        #expect(day("1970-01-01").weekday == 4) // Thursday
    }

    @Test func jakartaDayTurnsAtMidnightWIB() {
        let clock = WallClock.wib
        // 16:59:59 UTC is 23:59:59 WIB the same day; 17:00 UTC is the next day in Jakarta.
        let before = Date(timeIntervalSince1970: Double(day("2021-07-05").ordinal * 86400 + 16 * 3600 + 3599))
        #expect(clock.day(of: before).iso == "2021-07-05")
        #expect(clock.day(of: before.addingTimeInterval(1)).iso == "2021-07-06")
        #expect(clock.format(before.addingTimeInterval(1)) == "2021-07-06 00:00")
    }

    @Test func timestampsRoundTripWithMilliseconds() throws {
        let d = Date(timeIntervalSince1970: 1_625_454_000.123)
        let s = Timestamp.format(d)
        #expect(s == "2021-07-05T03:00:00.123Z")
        #expect(abs(try Timestamp.parse(s).timeIntervalSince1970 - d.timeIntervalSince1970) < 0.001)
    }
}

@Suite struct PhoneTests {
    @Test func normalisesIndonesianForms() {
        #expect(Phone.normalize("0812-3456-7890") == "+6281234567890")
        #expect(Phone.normalize("+62 812 3456 7890") == "+6281234567890")
        #expect(Phone.normalize("6281234567890") == "+6281234567890")
        #expect(Phone.normalize("021 3456789") == "+62213456789") // Jakarta landline
    }

    @Test func refusesWhatCannotBeDialled() {
        for bad in ["12345", "+1 415 555 0100", "0000", "abc", "08123"] {
            #expect(Phone.normalize(bad) == nil, "\(bad)")
        }
    }

    /// The byte path (all ASCII) and the Character path read a number the same way.
    @Test func asciiAndUnicodeTextReadTheSame() {
        for (ascii, unicode) in [("0812-3456-7890", "0812\u{00A0}3456\u{00A0}7890"), ("+62 812 3456 7890", "+62\u{2009}812 3456 7890"),
                                 ("62+812 3456 7890", "62+812 3456 7890 ✓"), ("0812 3456 7890 x", "0812–3456–7890 ☎"),
                                 ("0812 ٣456", "x")] where ascii.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(Phone.normalize(ascii) == Phone.normalize(unicode), "\(ascii) / \(unicode)")
        }
        // Digits of other scripts are not dialled; a number holding one is refused, not read
        // without it (which stored another number, one digit short).
        #expect(Phone.normalize("０８１２３４５６７８９０") == nil)
        #expect(Phone.normalize("+62 81２ 3456 7890") == nil)
    }

    @Test func trimmingSpacesIsFoundationsTrimming() {
        for s in ["", " ", "\t", "Ahmad", " Ahmad", "Ahmad\t", " \u{3000}Nur Haliza\u{00A0} ", "王小明", " e\u{301} ", "a b"] {
            #expect(s.trimmingSpaces == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
        }
    }

    @Test func displaysAsTracersDial() {
        #expect(Phone.display("+6281234567890") == "0812-3456-7890")
    }
}

@Suite struct CallbackTimeTests {
    let now = mondayTen

    @Test func readsTheFormsTracersType() throws {
        let clock = WallClock.wib
        #expect(clock.format(try CallbackTime.parse("15:30", now: now).get()) == "2021-07-05 15:30")
        #expect(clock.format(try CallbackTime.parse("besok 09:00", now: now).get()) == "2021-07-06 09:00")
        #expect(clock.format(try CallbackTime.parse("tomorrow 9.15", now: now).get()) == "2021-07-06 09:15")
        #expect(clock.format(try CallbackTime.parse("2021-07-07 08:00", now: now).get()) == "2021-07-07 08:00")
        #expect(clock.format(try CallbackTime.parse("07/07 08:00", now: now).get()) == "2021-07-07 08:00")
        #expect(clock.format(try CallbackTime.parse("+2h", now: now).get()) == "2021-07-05 12:00")
        #expect(clock.format(try CallbackTime.parse("+30m", now: now).get()) == "2021-07-05 10:30")
    }

    @Test func refusesPastFarAndUnreadable() {
        #expect(CallbackTime.parse("09:00", now: now) == .failure(.past))
        #expect(CallbackTime.parse("", now: now) == .failure(.empty))
        #expect(CallbackTime.parse("2021-08-01 09:00", now: now) == .failure(.tooFar))
        #expect(CallbackTime.parse("after lunch", now: now) == .failure(.unreadable("after lunch")))
        #expect(CallbackTime.parse("25:00", now: now) == .failure(.unreadable("25:00")))
    }
}

@Suite struct TimestampTests {
    @Test func timestampsAreMillisecondUTC() throws {
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_625_443_200.123)) == "2021-07-05T00:00:00.123Z")
        let d = Date(timeIntervalSince1970: 1_625_443_201.999)
        #expect(try Timestamp.parse(Timestamp.format(d)) == d)
    }
}

@Suite struct EventIDTests {
    @Test func idsAreUUIDv7SortedByTime() {
        let t = Date(timeIntervalSince1970: 1_625_443_200)
        let a = EventID.make(at: t), b = EventID.make(at: t.addingTimeInterval(0.002))
        for id in [a, b] {
            let s = Array(id.rawValue)
            #expect(s.count == 36 && s[14] == "7" && "89ab".contains(s[19]))
            #expect(EventID(rawValue: id.rawValue) == id)
        }
        #expect(a < b)
        // The first 48 bits are the Unix time in milliseconds.
        let ms = String(1_625_443_200_000, radix: 16)
        #expect(a.rawValue.replacingOccurrences(of: "-", with: "").hasPrefix(String(repeating: "0", count: 12 - ms.count) + ms))
    }

    /// Every digit of both halves is read, in either case; anything not in the 8-4-4-4-12 hex
    /// form is refused, wherever the fault is.
    @Test func readsTheHexFormAndRefusesAnythingElse() {
        let text = "0189f1a2-7b3c-7d4e-8f50-a1b2c3d4e5f6"
        let id = EventID(rawValue: text)
        #expect(id == EventID(high: 0x0189_f1a2_7b3c_7d4e, low: 0x8f50_a1b2_c3d4_e5f6))
        #expect(EventID(rawValue: text.uppercased()) == id)
        #expect(id?.rawValue == text)
        for (i, c) in text.enumerated() {
            var bad = Array(text)
            bad[i] = c == "-" ? "0" : "g"
            #expect(EventID(rawValue: String(bad)) == nil, "fault at \(i)")
        }
        #expect(EventID(rawValue: String(text.dropLast())) == nil)
        #expect(EventID(rawValue: text + "0") == nil)
        #expect(EventID(rawValue: "0189f1a27-b3c-7d4e-8f50-a1b2c3d4e5f6") == nil)
    }
}
