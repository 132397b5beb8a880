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

/// The errno of the calling thread (Swift 6 cannot read the C global safely
/// in every configuration).
int mpt_errno(void);

#endif
