/// The runner's own `sitecustomize` module, put first on `PYTHONPATH`.
///
/// Python imports `sitecustomize` at start-up in every interpreter, so this
/// reaches every process of a run: the main one, forked children (which
/// inherit the reconfigured streams) and spawn or forkserver children (fresh
/// interpreters that only see the environment). In `line` mode it makes
/// `sys.stdout` and `sys.stderr` line-buffered, as they are on a terminal:
/// each short `print` then reaches the pipe in one `write`, so lines from
/// several processes do not tear, and lines printed before a hang survive a
/// kill. It then runs any other `sitecustomize` further along `sys.path`, so
/// a user's or the distribution's still runs, and leaves nothing behind in
/// the learner's `__main__`.
enum SiteCustomize {
    /// The module's file name.
    static let fileName = "sitecustomize.py"

    /// The variable that tells the hook which buffering to set.
    static let bufferingVariable = "MPTUTOR_BUFFERING"

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

        try:
            _mptutor_startup()
        finally:
            del _mptutor_startup

        """#
}
