import Foundation
import Testing
@testable import TracedeskCore

@Suite struct CSVOutTests {
    @Test func formulaCellsBecomeTextAndNumbersStayNumbers() {
        for cell in ["=1+1", "+Kel", "-Kec", "@SUM(1)", "\tTab", "\rCR", "  =cmd", "\u{3000}=cmd", "＝1+1", "＋1", "－1", "＠x", "-", "+"] {
            #expect(CSVOut.neutralise(cell) == "'" + cell, "\(cell)")
        }
        for cell in ["", "Budi", "-5", "+6281234567890", "6281234567890", "3.5", "-0,25", "2021-07-04", "a=b", "0812"] {
            #expect(CSVOut.neutralise(cell) == cell, "\(cell)")
        }
    }

    @Test func rendersRFC4180OrExcel() {
        let plain = String(decoding: CSVOut().render(header: ["a", "b"], rows: [["x,y", "say \"hi\""], ["line\nbreak", "=1"]]), as: UTF8.self)
        #expect(plain == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",'=1\r\n")
        let excel = CSVOut(excel: true).render(header: ["a", "b"], rows: [["x;y", "1,5"]])
        #expect(Array(excel.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: excel.dropFirst(3), as: UTF8.self) == "a;b\r\n\"x;y\";1,5\r\n")
    }

    /// A tester opened `export contacts --excel` in Excel: the NIK read 3.17101E+15 and lost
    /// its last digit. For Excel, long digit runs are written as text formulas of digits only.
    @Test func excelKeepsNIKsAndPhonesAsText() {
        let excel = CSVOut(excel: true).render(header: ["nik", "phone", "age", "note"],
                                               rows: [["3171000000000555", "6281211112222", "41", "=HYPERLINK(\"x\")"], ["123456789", "62813111122", "", "3171000000000555x"]])
        // An 11-digit phone is text too; a count of 9 digits stays a number.
        #expect(String(decoding: excel.dropFirst(3), as: UTF8.self)
                == "nik;phone;age;note\r\n\"=\"\"3171000000000555\"\"\";\"=\"\"6281211112222\"\"\";41;\"'=HYPERLINK(\"\"x\"\")\"\r\n123456789;\"=\"\"62813111122\"\"\";;3171000000000555x\r\n")
        // Plain CSV, for programs, keeps the digits as they are.
        let plain = CSVOut().render(header: ["nik"], rows: [["3171000000000555"]])
        #expect(String(decoding: plain, as: UTF8.self) == "nik\r\n3171000000000555\r\n")
    }

    @Test func phonesAreExportedAsInternationalDigits() {
        #expect(Phone.exportForm("+6281234567890") == "6281234567890")
    }
}
