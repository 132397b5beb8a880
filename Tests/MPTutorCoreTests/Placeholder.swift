import Testing
@testable import MPTutorCore

@Test func programDefaults() {
    #expect(Program(source: "pass").fileName == "main.py")
}
