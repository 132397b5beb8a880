import FoundationEssentials
import Glibc
import Synchronization

/// The folder put first on every run's `PYTHONPATH`: the runner's
/// `sitecustomize.py` stub and the hook's body (see `SiteCustomize`).
///
/// It is kept between runs and between mptutor processes, in the user's
/// cache (`$XDG_CACHE_HOME/mptutor`, by default `~/.cache/mptutor`), in a
/// folder named after a hash of the two files: Python then compiles the
/// body once and loads it from `__pycache__` in every later process, and a
/// new mptutor version gets a folder of its own instead of overwriting the
/// one an older version still uses. The files are written under a temporary
/// name and renamed, so a crash or a second mptutor at the same moment never
/// leaves a half-written hook. When the cache cannot be written (a read-only
/// home), each run writes the two files into its own temporary folder, as
/// before, and pays the compile.
enum BootDirectory {
    /// The shared folder for this process's environment, made ready once;
    /// nil when it cannot be used.
    static func shared(environment: [String: String]) -> String? {
        let base = cacheFolder(environment: environment)
        return prepared.withLock { cache in
            if let known = cache[base] { return known }
            let made = prepare(in: base)
            cache[base] = made
            return made
        }
    }

    /// What `shared` found, by cache folder (tests point `XDG_CACHE_HOME`
    /// elsewhere).
    private static let prepared = Mutex<[String: String?]>([:])

    /// `$XDG_CACHE_HOME/mptutor`, else `$HOME/.cache/mptutor`.
    static func cacheFolder(environment: [String: String]) -> String {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/mptutor" }
        let home = homeDirectory(environment: environment)
        return home + "/.cache/mptutor"
    }

    /// The files of a boot folder, by name.
    static let files = [(SiteCustomize.fileName, SiteCustomize.stub), (SiteCustomize.bodyFileName, SiteCustomize.source)]

    /// `boot-` and 16 hex digits of an FNV-1a hash of the files.
    static var folderName: String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for (name, text) in files {
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        }
        let digits = String(hash, radix: 16)
        return "boot-" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Makes `<base>/boot-<hash>` with both files, writing only what is
    /// missing or of the wrong size (a file from a crashed writer).
    /// - Returns: the folder, or nil when it cannot be made.
    static func prepare(in base: String) -> String? {
        let folder = base + "/" + folderName
        guard makeFolders(folder) else { return nil }
        for (name, text) in files {
            let path = folder + "/" + name
            let bytes = Array(text.utf8)
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count { continue }
            let temporary = path + ".tmp-\(getpid())"
            do {
                try Sys.writeFile(temporary, bytes: bytes, mode: 0o600, sync: false)
            } catch {
                unlink(temporary)
                return nil
            }
            guard rename(temporary, path) == 0 else {
                unlink(temporary)
                return nil
            }
        }
        return folder
    }

    /// Creates `folder` and its parents (0700 for the ones made here).
    /// - Returns: whether `folder` is now a directory owned by this user.
    private static func makeFolders(_ folder: String) -> Bool {
        guard (try? Sys.makeDirectories(folder, mode: 0o700)) != nil else { return false }
        var info = stat()
        return lstat(folder, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == getuid()
    }
}
