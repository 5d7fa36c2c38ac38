import Foundation
import SkiffNode
import Testing

struct ContainerLogFileTests {
    @Test func tailsAcrossTheRotatedFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let log = ContainerLogFile(path: dir.child("c.log"))
        try "a\nb\nc\n".write(toFile: log.rotatedPath, atomically: true, encoding: .utf8)
        try "d\ne".write(toFile: log.path, atomically: true, encoding: .utf8)
        #expect(String(decoding: log.tail(lines: nil), as: UTF8.self) == "a\nb\nc\nd\ne")
        #expect(String(decoding: log.tail(lines: 1), as: UTF8.self) == "e")
        #expect(String(decoding: log.tail(lines: 2), as: UTF8.self) == "d\ne")
        #expect(String(decoding: log.tail(lines: 3), as: UTF8.self) == "c\nd\ne")
        #expect(String(decoding: log.tail(lines: 9), as: UTF8.self) == "a\nb\nc\nd\ne")
    }

    @Test func rotatesOnlyPastTheCap() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let log = ContainerLogFile(path: dir.child("c.log"))
        try String(repeating: "x", count: 50).write(toFile: log.path, atomically: true, encoding: .utf8)
        #expect(!log.rotateIfNeeded(maxBytes: 50))
        try String(repeating: "y", count: 51).write(toFile: log.path, atomically: true, encoding: .utf8)
        #expect(log.rotateIfNeeded(maxBytes: 50))
        #expect(try String(contentsOfFile: log.rotatedPath, encoding: .utf8) == String(repeating: "y", count: 51))
        #expect(try String(contentsOfFile: log.path, encoding: .utf8) == "")
        #expect(log.tail(lines: nil).count == 51)
    }

    @Test func aMissingLogIsEmpty() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        #expect(ContainerLogFile(path: dir.child("none.log")).tail(lines: 5).isEmpty)
    }
}
