import Testing
@testable import TracedeskCore

@Suite struct DeskConfigTests {
    @Test func choosesTheRuleSetAndTheFailedCallLimit() throws {
        let c = try DeskConfig.parse("# office settings\nrules = who-2021\nfailed_attempts = 4  # Jakarta Utara\n\ntheme = light\n", file: "config")
        #expect(c.settings.rules == .who2021)
        #expect(c.settings.failedAttemptsBeforeFieldTracer == 4)
        #expect(c.theme == "light")
        #expect(try DeskConfig.parse("", file: "config").settings.rules == .indonesia2021)
    }

    @Test func problemsNameFileAndLine() {
        #expect(throws: DeskConfig.Problem(file: "config", line: 2, message: "rules: no rule set \"who\" (known: id-2021, who-2021, cdc-2020)")) {
            try DeskConfig.parse("failed_attempts = 3\nrules = who\n", file: "config")
        }
        #expect(throws: DeskConfig.Problem(file: "config", line: 1, message: "expected key = value")) {
            try DeskConfig.parse("rules who-2021", file: "config")
        }
        #expect(throws: DeskConfig.Problem.self) { try DeskConfig.parse("failed_attempts = 0", file: "config") }
        #expect(throws: DeskConfig.Problem.self) { try DeskConfig.parse("colour = red", file: "config") }
    }

    @Test func timesAreWIBUnlessTheConfigSaysOtherwise() throws {
        #expect(try DeskConfig.parse("", file: "config").settings.clock.label == "WIB")
        let c = try DeskConfig.parse("time_zone = wita\n", file: "config")
        #expect(c.settings.clock.label == "WITA")
        #expect(c.settings.clock.format(mondayTen) == "2021-07-05 11:00")
        #expect(throws: DeskConfig.Problem(file: "config", line: 1, message: "time_zone: WIB, WITA or WIT")) {
            try DeskConfig.parse("time_zone = CET", file: "config")
        }
    }
}
