#define _GNU_SOURCE
#include "CSystemShims.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int mpt_spawn(const char *path, char *const argv[], char *const envp[],
              const char *cwd, int stdin_fd, int stdout_fd, int stderr_fd,
              pid_t *out_pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) { posix_spawn_file_actions_destroy(&actions); return rc; }

    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
    if (cwd != NULL) posix_spawn_file_actions_addchdir_np(&actions, cwd);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Descriptors another part of the process opened without O_CLOEXEC
       must not reach the child (a pipe held open there never sees EOF). */
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif

    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETSIGMASK);

    rc = posix_spawn(out_pid, path, &actions, &attr, argv, envp);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    return rc;
}

int mpt_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int mpt_set_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

static int mpt_above_stdio(int fd) {
    if (fd > 2) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int saved = errno;
    close(fd);
    errno = saved;
    return moved;
}

int mpt_pipe(int fds[2]) {
    int raw[2];
    if (pipe2(raw, O_CLOEXEC) != 0) return -1;
    raw[0] = mpt_above_stdio(raw[0]);
    raw[1] = mpt_above_stdio(raw[1]);
    if (raw[0] < 0 || raw[1] < 0) {
        int saved = errno;
        if (raw[0] >= 0) close(raw[0]);
        if (raw[1] >= 0) close(raw[1]);
        errno = saved;
        return -1;
    }
    fds[0] = raw[0];
    fds[1] = raw[1];
    return 0;
}

int mpt_child_has_exited(pid_t pid) {
    siginfo_t info;
    info.si_pid = 0;
    if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return -1;
    return info.si_pid != 0 ? 1 : 0;
}

int mpt_pidfd_send_signal(int pidfd, int sig) {
#ifdef SYS_pidfd_send_signal
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int mpt_set_rlimit(pid_t pid, int resource, unsigned long long soft,
                   unsigned long long hard) {
    struct rlimit limit;
    limit.rlim_cur = (rlim_t)soft;
    limit.rlim_max = (rlim_t)hard;
    return prlimit(pid, (__rlimit_resource_t)resource, &limit, NULL);
}

int mpt_thread_nice(void) {
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, (id_t)gettid());
    if (nice == -1 && errno != 0) return -100;
    return nice;
}

int mpt_set_thread_nice(int nice) {
    return setpriority(PRIO_PROCESS, (id_t)gettid(), nice);
}

unsigned long long mpt_rlim_infinity(void) { return (unsigned long long)RLIM_INFINITY; }

_Static_assert(MPT_RLIMIT_AS == RLIMIT_AS, "RLIMIT_AS");
_Static_assert(MPT_RLIMIT_CPU == RLIMIT_CPU, "RLIMIT_CPU");
_Static_assert(MPT_RLIMIT_CORE == RLIMIT_CORE, "RLIMIT_CORE");
_Static_assert(MPT_RLIMIT_NPROC == RLIMIT_NPROC, "RLIMIT_NPROC");

int mpt_errno(void) { return errno; }
