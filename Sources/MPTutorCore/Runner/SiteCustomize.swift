/// The runner's own `sitecustomize` module, put first on `PYTHONPATH`.
///
/// Python imports `sitecustomize` at start-up in every interpreter, so this
/// reaches every process of a run: the main one, forked children (which
/// inherit the reconfigured streams) and spawn or forkserver children (fresh
/// interpreters that only see the environment). In `line` mode it makes
/// `sys.stdout` and `sys.stderr` line-buffered, as they are on a terminal:
/// each short `print` then reaches the pipe in one `write`, so lines from
/// several processes do not tear, and lines printed before a hang survive a
/// kill.
///
/// In a run (`MPTUTOR_RUN` names the run's directory) it also helps the
/// runner contain the program, invisibly to it:
/// - **Birth files.** Every Python process creates `<run>/pids/<pid>` at
///   start-up and, through an `os.register_at_fork` hook, in every forked
///   child, with one line: `<pid> <ppid> start|fork`. The runner
///   recognises an orphan of the run by it, even once the orphan is a
///   zombie with no environment left to read, and records the processes no
///   scan saw (a child that lived a millisecond).
/// - **Stack dumps** (when `MPTUTOR_STACKS` is set, to the number of
///   SIGUSR2 from the runner). `faulthandler` is
///   registered on SIGUSR2 (all threads, not chained) to write into that
///   same file; the runner sends SIGUSR2 before it ends a run that timed
///   out or was interrupted, and reads the dumps to say where each process
///   was stuck. At start-up the file is made under a temporary name and
///   renamed once the handler is in place, so a file named by a pid means
///   that process is ready for SIGUSR2. The descriptor is moved up to 1000
///   or above (close-on-exec), so the learner's own files and pipes get the
///   numbers they would get outside mptutor. A forked child inherits the
///   handler but would write into its parent's file: the at-fork hook
///   points the same descriptor at the child's own file.
/// - **The stop file.** Once `<run>/stop` exists (the runner makes it when
///   it ends a run by force, e.g. at the process limit), a process about to
///   fork, or just forked, kills itself: a fork bomb stops growing at once,
///   however little CPU the runner gets meanwhile.
/// - **New sessions at low priority.** `os.setsid` is wrapped so that the
///   new session's scheduler autogroup gets nice 19: with autogroups (most
///   desktop kernels) each session is weighed like the whole terminal
///   session, and a fork bomb calling `setsid()` would starve the runner.
///
/// - **Writer markers** (when `MPTUTOR_TAG=1`). `sys.stdout` and
///   `sys.stderr` (and their `__stdout__`/`__stderr__`) are replaced by
///   text streams with the same encoding, errors, line buffering and
///   write-through, over a buffer of the usual size (none when unbuffered,
///   as with `-u`), over a raw file whose every `write` sends
///   `\x1e<pid>\x1f` and the bytes in one `os.write`, with `os.getpid()`
///   taken at write time (a forked child that inherits the streams is
///   named as itself). See `ProcessMarkerStripper`.
///
/// - **The interpreter check** (when `MPTUTOR_CHECK_PYTHON` names the
///   oldest version allowed, for a run whose interpreter was found but not
///   yet asked, see `PythonInterpreter.find`). The first process writes
///   `<run>/python` (`sys.executable`, then the version) and, on a Python
///   older than allowed, exits at once with status 87 before the program
///   prints anything. It removes the variable, so its children and the
///   program never see it. This part is also valid Python 2.
///
/// Any failure in these leaves the program as it was. It then runs any
/// other `sitecustomize` further along `sys.path`, so a user's or the
/// distribution's still runs, and leaves nothing behind in the learner's
/// `__main__` or in this module's namespace.
enum SiteCustomize {
    /// The module's file name.
    static let fileName = "sitecustomize.py"

    /// The file holding the hook's body (`source`); `sitecustomize.py` is
    /// only `stub`, which imports it.
    static let bodyFileName = "_mptutor_site.py"

    /// What `sitecustomize.py` holds: it imports the body with bytecode
    /// writing allowed for that one import, so the body is compiled once
    /// into the boot directory's `__pycache__` and loaded from there by
    /// every later process (compiling it from source cost each Python
    /// process about 2 ms, and `PYTHONDONTWRITEBYTECODE` is common), then
    /// removes every trace of itself from `sys.modules` and its namespace.
    static let stub = #"""
        # Written by mptutor's runner; see _mptutor_site.py.
        import sys
        _mptutor_write = sys.dont_write_bytecode
        sys.dont_write_bytecode = False
        try:
            __import__("_mptutor_site")
        finally:
            sys.dont_write_bytecode = _mptutor_write
            sys.modules.pop("_mptutor_site", None)
            del _mptutor_write, sys

        """#

    /// The variable that tells the hook which buffering to set.
    static let bufferingVariable = "MPTUTOR_BUFFERING"

    /// The variable that turns the writer markers on (`1`).
    static let tagVariable = "MPTUTOR_TAG"

    /// The variable that turns stack dumps on: the number of the signal
    /// to dump on (the runner's SIGUSR2); any other non-empty value means
    /// SIGUSR2 as Python numbers it.
    static let stacksVariable = "MPTUTOR_STACKS"

    /// The variable that asks the first process to check its interpreter's
    /// version against the value (`3.8`).
    static let checkVariable = "MPTUTOR_CHECK_PYTHON"

    /// The file, in the run's directory, where that check writes what it
    /// found: `sys.executable` and the version, one per line.
    static let checkFileName = "python"

    /// The module source. Everything lives inside functions that are
    /// deleted after use, so the module's namespace stays empty.
    static let source = #"""
        # Written by mptutor's runner, imported by its sitecustomize.py.
        def _mptutor_startup():
            import os
            import sys

            minimum = os.environ.pop("MPTUTOR_CHECK_PYTHON", None)
            run = os.environ.get("MPTUTOR_RUN")
            if minimum and run:
                version = tuple(sys.version_info[:3])
                answer = os.open(os.path.join(run, "python"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 384)
                os.write(answer, ("%s\n%d.%d.%d\n" % ((sys.executable,) + version)).encode("utf-8"))
                os.close(answer)
                if version < tuple(int(part) for part in minimum.split(".")):
                    os._exit(87)

            if os.environ.get("MPTUTOR_BUFFERING") == "line":
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.reconfigure(line_buffering=True)
                    except Exception:
                        pass

            if os.environ.get("MPTUTOR_TAG") == "1":
                try:
                    _mptutor_tag(os, sys)
                except Exception:
                    pass

            if run:
                try:
                    stacks = os.environ.get("MPTUTOR_STACKS", "")
                    # The runner gives the signal's number (SIGUSR2 differs
                    # between architectures); importing signal for it costs
                    # every process half a millisecond.
                    if stacks.isdigit() and int(stacks) > 1:
                        dump_signal = int(stacks)
                    else:
                        dump_signal = stacks and __import__("signal").SIGUSR2
                    _mptutor_watch(os, run, dump_signal)
                except Exception:
                    pass

            # Chain to the next sitecustomize on sys.path, if there is one.
            here = os.path.dirname(os.path.abspath(__file__))
            rest = [entry for entry in sys.path
                    if os.path.abspath(entry or os.curdir) != here]
            try:
                import importlib.machinery
                spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
            except Exception:
                spec = None
            if spec is None or spec.loader is None:
                return
            import importlib.util
            module = importlib.util.module_from_spec(spec)
            sys.modules["sitecustomize"] = module
            spec.loader.exec_module(module)

        def _mptutor_tag(os, sys):
            import io

            class TaggedRaw(io.RawIOBase):
                """fd 1 or 2, each write prefixed by a marker naming the writer."""

                def __init__(self, fd):
                    super().__init__()
                    self._fd = fd

                def fileno(self):
                    return self._fd

                def isatty(self):
                    return False

                def writable(self):
                    return True

                def write(self, b):
                    data = bytes(b)
                    if not data:
                        return 0
                    # One os.write: marker and text reach the pipe together.
                    out = b"\x1e%d\x1f" % os.getpid() + data
                    while out:
                        out = out[os.write(self._fd, out):]
                    return len(data)

            def identity(fd):
                st = os.fstat(fd)
                return "%d:%d" % (st.st_dev, st.st_ino)

            for name, fd in (("stdout", 1), ("stderr", 2)):
                # Only the run's own pipes are tagged: the first process
                # notes which they are, for every process after it; a
                # subprocess whose output its parent captures writes to
                # another pipe and must see its output unchanged.
                variable = "MPTUTOR_TAG_" + name.upper()
                try:
                    here = identity(fd)
                except OSError:
                    continue
                if os.environ.setdefault(variable, here) != here:
                    continue
                old = getattr(sys, name)
                if old is None or old.fileno() != fd:
                    continue
                old.flush()
                raw = TaggedRaw(fd)
                # Mirror the stream being replaced: unbuffered (-u) is a
                # text layer straight on the raw file, written through.
                unbuffered = isinstance(old.buffer, io.RawIOBase)
                if unbuffered:
                    binary = raw
                else:
                    try:
                        size = os.fstat(fd).st_blksize
                    except OSError:
                        size = 0
                    if size <= 1:
                        size = io.DEFAULT_BUFFER_SIZE
                    binary = io.BufferedWriter(raw, buffer_size=size)
                new = io.TextIOWrapper(
                    binary, encoding=old.encoding, errors=old.errors,
                    line_buffering=old.line_buffering, write_through=unbuffered or old.write_through)
                setattr(sys, name, new)
                if getattr(sys, "__%s__" % name) is old:
                    setattr(sys, "__%s__" % name, new)

        def _mptutor_watch(os, run, dump_signal):
            pids = os.path.join(run, "pids")
            stop = os.path.join(run, "stop")
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
            state = {"fd": -1}

            def stop_if_asked():
                if os.path.exists(stop):
                    os.kill(os.getpid(), 9)  # SIGKILL

            def header(kind):
                return ("%d %d %s\n" % (os.getpid(), os.getppid(), kind)).encode()

            def start():
                final = os.path.join(pids, str(os.getpid()))
                if not dump_signal:
                    fd = os.open(final, flags, 0o600)
                    os.write(fd, header("start"))
                    os.close(fd)
                    return
                import faulthandler
                temporary = os.path.join(pids, ".%d.tmp" % os.getpid())
                fd = os.open(temporary, flags, 0o600)
                os.write(fd, header("start"))
                # Move it up (like F_DUPFD_CLOEXEC from a floor, without
                # loading the fcntl module): the first free number from
                # 1000, else from 200 or 20 under a low RLIMIT_NOFILE.
                moved = False
                for floor in (1000, 200, 20):
                    for high in range(floor, floor + 16):
                        try:
                            os.fstat(high)
                            continue  # in use
                        except OSError:
                            pass
                        try:
                            os.dup2(fd, high, inheritable=False)
                        except OSError:  # EBADF: above RLIMIT_NOFILE
                            break
                        os.close(fd)
                        fd = high
                        moved = True
                        break
                    if moved:
                        break
                faulthandler.register(dump_signal, file=fd, all_threads=True, chain=False)
                state["fd"] = fd
                os.rename(temporary, final)

            def before_fork():
                stop_if_asked()

            def after_fork_in_child():
                try:
                    fd = os.open(os.path.join(pids, str(os.getpid())), flags, 0o600)
                    os.write(fd, header("fork"))
                    if state["fd"] >= 0:
                        os.dup2(fd, state["fd"], inheritable=False)
                    os.close(fd)
                except Exception:
                    pass
                stop_if_asked()

            real_setsid = os.setsid

            def setsid():
                result = real_setsid()
                try:
                    with open("/proc/self/autogroup", "w") as autogroup:
                        autogroup.write("19")
                except OSError:
                    pass
                return result

            setsid.__name__ = setsid.__qualname__ = "setsid"
            setsid.__doc__ = real_setsid.__doc__
            os.setsid = setsid
            os.register_at_fork(before=before_fork, after_in_child=after_fork_in_child)
            try:
                start()
            except Exception:
                pass

        try:
            _mptutor_startup()
        finally:
            del _mptutor_startup
            del _mptutor_tag
            del _mptutor_watch

        """#
}
