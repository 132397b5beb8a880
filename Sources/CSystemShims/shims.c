#define _GNU_SOURCE
#include "CSystemShims.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Spawns with default signal dispositions and an empty mask (the child
   must not inherit mptutor's ignored SIGINT or SIGPIPE), plus `flags`;
   frees the attributes and file actions. */
static int spawn_clean(const char *path, char *const argv[], char *const envp[],
                       posix_spawn_file_actions_t *actions, posix_spawnattr_t *attr,
                       short flags, pid_t *out_pid) {
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(attr, &all);
    posix_spawnattr_setsigmask(attr, &none);
    posix_spawnattr_setflags(attr, flags | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    int rc = posix_spawn(out_pid, path, actions, attr, argv, envp);
    posix_spawnattr_destroy(attr);
    posix_spawn_file_actions_destroy(actions);
    return rc;
}

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

    posix_spawnattr_setpgroup(&attr, 0);
    return spawn_clean(path, argv, envp, &actions, &attr, POSIX_SPAWN_SETPGROUP, out_pid);
}

int mpt_spawn_foreground(const char *path, char *const argv[], char *const envp[], pid_t *out_pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) { posix_spawn_file_actions_destroy(&actions); return rc; }
    return spawn_clean(path, argv, envp, &actions, &attr, 0, out_pid);
}

int mpt_open_pty(char *slave_path, size_t size) {
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return -1;
    int rc = grantpt(master);
    if (rc == 0) rc = unlockpt(master);
    if (rc == 0) {
        rc = ptsname_r(master, slave_path, size);
        if (rc != 0) errno = rc;
    }
    if (rc != 0) {
        int saved = errno;
        close(master);
        errno = saved;
        return -1;
    }
    return master;
}

int mpt_spawn_on_pty(const char *path, char *const argv[], char *const envp[],
                     const char *slave_path, pid_t *out_pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) { posix_spawn_file_actions_destroy(&actions); return rc; }

    /* glibc runs setsid before the file actions, so this open (without
       O_NOCTTY) makes the slave the new session's controlling terminal. */
    posix_spawn_file_actions_addopen(&actions, 0, slave_path, O_RDWR, 0);
    posix_spawn_file_actions_adddup2(&actions, 0, 1);
    posix_spawn_file_actions_adddup2(&actions, 0, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif

    return spawn_clean(path, argv, envp, &actions, &attr, POSIX_SPAWN_SETSID, out_pid);
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

static volatile sig_atomic_t mpt_sigint_fd = -1;

static void mpt_sigint_handler(int signo) {
    (void)signo;
    int saved = errno;
    if (mpt_sigint_fd >= 0) {
        char byte = 1;
        ssize_t ignored = write(mpt_sigint_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int mpt_forward_sigint(int write_fd) {
    mpt_sigint_fd = write_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = mpt_sigint_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(SIGINT, &action, NULL);
}
