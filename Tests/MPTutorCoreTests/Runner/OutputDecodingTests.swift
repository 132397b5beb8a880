import Testing

@testable import MPTutorCore

/// The byte-level pieces: chunked UTF-8 decoding and line capture.
@Suite struct OutputDecodingTests {
    @Test func decodingInAnyTwoChunksEqualsDecodingWhole() {
        let samples: [[UInt8]] = [
            Array("a你好🐍é\n世界".utf8),
            [0x61, 0xFF, 0xE4, 0xBD, 0xA0, 0xE4, 0x62, 0xF0, 0x9F, 0x90],
            [0x80, 0x80, 0xC3, 0xA9, 0xED, 0xA0, 0x80],
        ]
        for bytes in samples {
            let whole = String(decoding: bytes, as: UTF8.self)
            for cut in 0...bytes.count {
                var decoder = UTF8StreamDecoder()
                var text = bytes[..<cut].withUnsafeBytes { decoder.decode($0) }
                text += bytes[cut...].withUnsafeBytes { decoder.decode($0) }
                text += decoder.finish()
                #expect(text == whole, "cut at \(cut) of \(bytes)")
            }
        }
    }

    @Test func decodingByteByByteKeepsCharactersWhole() {
        let bytes = Array("进程🐍".utf8)
        var decoder = UTF8StreamDecoder()
        var pieces: [String] = []
        for byte in bytes {
            pieces.append([byte].withUnsafeBytes { decoder.decode($0) })
        }
        #expect(pieces.filter { !$0.isEmpty } == ["进", "程", "🐍"])
        #expect(decoder.finish() == "")
    }

    func append(_ text: String, _ stream: OutputStream, to capture: inout OutputCapture) {
        Array(text.utf8).withUnsafeBytes { capture.append($0, from: stream, at: 0) }
    }

    @Test func linesCompleteInArrivalOrderAcrossStreams() {
        var capture = OutputCapture(limit: 1000)
        append("out a", .stdout, to: &capture)
        append("err a\nerr", .stderr, to: &capture)
        append("\r\nout b\n", .stdout, to: &capture)
        append(" b\n", .stderr, to: &capture)
        append("tail", .stdout, to: &capture)
        capture.finish(at: 1)
        #expect(capture.lines.map(\.text) == ["err a", "out a", "out b", "err b", "tail"])
        #expect(capture.lines.map(\.stream) == [.stderr, .stdout, .stdout, .stderr, .stdout])
        #expect(capture.droppedBytes == 0)
    }

    @Test func theCapCutsInArrivalOrderAndCountsTheRest() {
        var capture = OutputCapture(limit: 10)
        append("1234\n", .stdout, to: &capture)
        append("abc", .stderr, to: &capture)
        append("5678\n", .stdout, to: &capture)
        append("def\n", .stderr, to: &capture)
        capture.finish(at: 1)
        #expect(capture.lines.map(\.text) == ["1234", "abc", "56"])
        #expect(capture.storedBytes == 10)
        #expect(capture.droppedBytes == 7)
    }

    @Test func waitStatusesDecode() {
        #expect(RunSupervisor.termination(fromWaitStatus: 0) == .exited(0))
        #expect(RunSupervisor.termination(fromWaitStatus: 3 << 8) == .exited(3))
        #expect(RunSupervisor.termination(fromWaitStatus: 9) == .signaled(9))
        #expect(RunSupervisor.termination(fromWaitStatus: 15 | 0x80) == .signaled(15))  // core dumped bit
    }
}
