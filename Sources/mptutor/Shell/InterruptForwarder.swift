import CSystemShims
import MPTutorCore
import FoundationEssentials
import Glibc

/// Turns Ctrl-C into an interrupt of the running example (its whole
/// process group), never of mptutor itself.
///
/// A C handler writes a byte to a pipe and a thread turns each byte into an
/// interrupt: a dispatch signal source is not enough, since the kernel may
/// deliver SIGINT to a thread that does not block it, where it is lost.
final class InterruptForwarder: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// - Parameter onInterrupt: called on a thread of its own for each Ctrl-C.
    init(onInterrupt: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            readEnd = -1
            writeEnd = -1
            return
        }
        readEnd = fds[0]
        writeEnd = fds[1]
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let readEnd = readEnd
        DetachedThread.start {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    onInterrupt()
                } else if count == 0 || (count < 0 && errno != EINTR) {
                    return
                }
            }
        }
        _ = mpt_forward_sigint(writeEnd)
    }

    func stop() {
        signal(SIGINT, SIG_DFL)
        if writeEnd >= 0 { close(writeEnd) }
    }
}
