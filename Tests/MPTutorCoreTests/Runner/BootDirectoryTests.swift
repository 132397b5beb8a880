import Foundation
import Testing

@testable import MPTutorCore

/// The start-up hook's folder, shared between runs so that Python compiles
/// the hook once.
@Suite struct BootDirectoryTests {
    func inode(_ path: String) -> UInt64? {
        var info = stat()
        return lstat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test func theFolderIsMadeOnceAndReused() throws {
        let base = try TemporaryFolder()
        let folder = try #require(BootDirectory.prepare(in: base.path + "/cache/mptutor"))
        #expect(folder.hasPrefix(base.path + "/cache/mptutor/boot-"))
        let stub = folder + "/" + SiteCustomize.fileName
        let body = folder + "/" + SiteCustomize.bodyFileName
        #expect(try String(contentsOfFile: stub, encoding: .utf8) == SiteCustomize.stub)
        #expect(try String(contentsOfFile: body, encoding: .utf8) == SiteCustomize.source)
        let before = (inode(stub), inode(body))
        #expect(BootDirectory.prepare(in: base.path + "/cache/mptutor") == folder)
        #expect(inode(stub) == before.0 && inode(body) == before.1, "an intact file is not rewritten")
    }

    @Test func aHalfWrittenFileIsReplaced() throws {
        let base = try TemporaryFolder()
        let folder = try #require(BootDirectory.prepare(in: base.path))
        let body = folder + "/" + SiteCustomize.bodyFileName
        try Data(SiteCustomize.source.utf8.prefix(100)).write(to: URL(fileURLWithPath: body))
        #expect(BootDirectory.prepare(in: base.path) == folder)
        #expect(try String(contentsOfFile: body, encoding: .utf8) == SiteCustomize.source)
    }

    @Test func anUnwritableCacheFallsBackToTheRunsOwnFolder() throws {
        #expect(BootDirectory.prepare(in: "/proc/mptutor-cannot-be-here") == nil)
        let workspace = try RunWorkspace.create(
            for: Program(source: "print(1)\n"), environment: ["XDG_CACHE_HOME": "/proc/mptutor-cannot-be-here"])
        defer { workspace.remove() }
        #expect(workspace.bootDirectory == workspace.root + "/boot")
        for (name, text) in BootDirectory.files {
            #expect(try String(contentsOfFile: workspace.bootDirectory + "/" + name, encoding: .utf8) == text)
        }
    }

    @Test func theHookIsCompiledOnceAndLeavesNoTrace() throws {
        var options = RunOptions()
        options.environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let source = """
            import sys, sitecustomize
            print("_mptutor_site" in sys.modules, [n for n in vars(sitecustomize) if not n.startswith("__")])
            print(sys.dont_write_bytecode)

            """
        let result = try runPython(source, options: options)
        #expect(result.lines(of: .stdout) == ["False []", "True"])
        let folder = try #require(BootDirectory.shared(environment: ProcessInfo.processInfo.environment))
        let compiled = try FileManager.default.contentsOfDirectory(atPath: folder + "/__pycache__")
        #expect(compiled.contains { $0.hasPrefix("_mptutor_site.") && $0.hasSuffix(".pyc") })
    }
}
