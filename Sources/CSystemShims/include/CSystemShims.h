#ifndef MPTUTOR_CSYSTEMSHIMS_H
#define MPTUTOR_CSYSTEMSHIMS_H

#include <sys/types.h>

/// Spawns `path` with posix_spawn (never fork: the Swift process has threads)
/// in a new process group whose id is the child's pid, with default signal
/// dispositions and an empty signal mask, the given descriptors as 0, 1 and 2,
/// and `cwd` as working directory. Returns 0 or an errno value.
int mpt_spawn(const char *path, char *const argv[], char *const envp[],
              const char *cwd, int stdin_fd, int stdout_fd, int stderr_fd,
              pid_t *out_pid);

/// Opens a pseudo-terminal pair's master (posix_openpt with O_NOCTTY and
/// O_CLOEXEC, grantpt, unlockpt) and writes the slave's path (ptsname_r)
/// into `slave_path`. These are not in Swift's Glibc module (they need
/// _XOPEN_SOURCE). Returns the master descriptor, or -1 with errno.
int mpt_open_pty(char *slave_path, size_t size);

/// Spawns `path` with posix_spawn in a new session (POSIX_SPAWN_SETSID)
/// whose controlling terminal is the pseudo-terminal `slave_path`: the slave
/// is opened as descriptor 0 (a session leader without a terminal acquires
/// the first one it opens) and duplicated to 1 and 2. Other descriptors are
/// closed; signal dispositions are default and the mask empty. For tests
/// that drive an interactive program as a user's terminal would.
/// Returns 0 or an errno value.
/* Spawns `path` in the caller's own process group and session, with the
   caller's descriptors (a program that takes over the terminal, such as
   an editor), default signal dispositions and an empty signal mask.
   Returns 0 or an errno value. */
int mpt_spawn_foreground(const char *path, char *const argv[], char *const envp[], pid_t *out_pid);

int mpt_spawn_on_pty(const char *path, char *const argv[], char *const envp[],
                     const char *slave_path, pid_t *out_pid);

/// pidfd_open(2): a descriptor that polls readable when the process exits.
/// Returns -1 (with errno) where the kernel lacks it.
int mpt_pidfd_open(pid_t pid);

/// prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants reparent to us.
int mpt_set_child_subreaper(void);

/// pipe2(O_CLOEXEC): both ends close on exec, so a pipe made for one run
/// never leaks into a child spawned at the same time by another thread.
/// Ends that would land on 0, 1 or 2 (when the parent has closed those) are
/// moved above 2, since the spawn places its own descriptors there.
/// Returns 0, or -1 with errno.
int mpt_pipe(int fds[2]);

/// Whether `pid` (a child of ours) has terminated, without reaping it
/// (waitid with WNOWAIT): 1 terminated, 0 still running, -1 with errno.
/// Keeping the zombie until the end keeps its pid, which is also the run's
/// process group id, from being reused while we still signal the group.
int mpt_child_has_exited(pid_t pid);

/// pidfd_send_signal(2): signals the process a pidfd refers to, so a pid
/// reused after the check cannot be hit. Returns 0, or -1 with errno.
int mpt_pidfd_send_signal(int pidfd, int sig);

/// prlimit(2) on another process: sets the soft and hard limit of
/// `resource` (an RLIMIT_* value). Returns 0, or -1 with errno.
int mpt_set_rlimit(pid_t pid, int resource, unsigned long long soft,
                   unsigned long long hard);

/// The RLIMIT_* numbers, which glibc declares as an enum Swift imports
/// awkwardly.
enum {
    MPT_RLIMIT_AS = 9,
    MPT_RLIMIT_CPU = 0,
    MPT_RLIMIT_CORE = 4,
    MPT_RLIMIT_NPROC = 6,
};

/// The calling thread's nice value (getpriority on its thread id), or
/// -100 with errno when it cannot be read.
int mpt_thread_nice(void);

/// Sets the calling thread's nice value (setpriority on its thread id; a
/// thread's nice is its own on Linux). Returns 0, or -1 with errno (EACCES
/// or EPERM when lowering it is not allowed).
int mpt_set_thread_nice(int nice);

/// RLIM_INFINITY as an unsigned 64-bit value.
unsigned long long mpt_rlim_infinity(void);
/// Installs a SIGINT handler that writes one byte to `write_fd` (a
/// non-blocking pipe): the only async-signal-safe way to tell Swift code
/// about Ctrl-C whatever thread the kernel picks for the signal.
int mpt_forward_sigint(int write_fd);

/// The errno of the calling thread (Swift 6 cannot read the C global safely
/// in every configuration).
int mpt_errno(void);

#endif
