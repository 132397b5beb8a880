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
/// When `MPTUTOR_STACKS` names a directory, it also registers
/// `faulthandler` on SIGUSR2 (all threads, not chained), writing to a file
/// named by the process's pid in that directory; the runner sends SIGUSR2
/// before it ends a run that timed out or was interrupted, and reads the
/// dumps to say where each process was stuck. The file is created under a
/// temporary name and renamed once the handler is in place, so a file named
/// by a pid means that process is ready for SIGUSR2. Its descriptor is moved
/// up to 1000 or above (close-on-exec), so the learner's own files and
/// pipes get the numbers they would get outside mptutor. A forked child
/// inherits the handler but would write into its parent's file: an
/// `os.register_at_fork` hook points the same descriptor at a file of the
/// child's own. Any failure leaves the program as it was, without the dump.
///
/// It then runs any other `sitecustomize` further along `sys.path`, so a
/// user's or the distribution's still runs, and leaves nothing behind in
/// the learner's `__main__`.
enum SiteCustomize {
    /// The module's file name.
    static let fileName = "sitecustomize.py"

    /// The variable that tells the hook which buffering to set.
    static let bufferingVariable = "MPTUTOR_BUFFERING"

    /// The variable naming the directory for stack dumps.
    static let stacksVariable = "MPTUTOR_STACKS"

    /// The module source. Everything lives inside one function that deletes
    /// itself, so the module's namespace stays empty.
    static let source = #"""
        # Written by mptutor's runner for this run only; removed afterwards.
        def _mptutor_startup():
            import os
            import sys

            if os.environ.get("MPTUTOR_BUFFERING") == "line":
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.reconfigure(line_buffering=True)
                    except Exception:
                        pass

            stacks = os.environ.get("MPTUTOR_STACKS")
            if stacks:
                try:
                    _mptutor_register_stack_dumps(os, stacks)
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

        def _mptutor_register_stack_dumps(os, directory):
            import faulthandler
            import signal
            state = {"fd": -1}

            def open_dump():
                # A file of this process's own, under a temporary name until
                # the handler writes to it.
                pid = os.getpid()
                temporary = os.path.join(directory, ".%d.tmp" % pid)
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
                return fd, temporary, os.path.join(directory, str(pid))

            def register():
                fd, temporary, final = open_dump()
                try:
                    import fcntl
                    for floor in (1000, 200, 20):
                        try:
                            high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, floor)
                        except OSError:  # EINVAL: above RLIMIT_NOFILE
                            continue
                        os.close(fd)
                        fd = high
                        break
                except Exception:
                    pass
                faulthandler.register(signal.SIGUSR2, file=fd, all_threads=True, chain=False)
                state["fd"] = fd
                os.rename(temporary, final)

            def after_fork_in_child():
                try:
                    fd, temporary, final = open_dump()
                    os.dup2(fd, state["fd"], inheritable=False)
                    os.close(fd)
                    os.rename(temporary, final)
                except Exception:
                    pass

            register()
            os.register_at_fork(after_in_child=after_fork_in_child)

        try:
            _mptutor_startup()
        finally:
            del _mptutor_startup
            del _mptutor_register_stack_dumps

        """#
}
