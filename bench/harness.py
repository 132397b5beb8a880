"""mptutor's benchmarks: start-up, run overhead, verify throughput, the
matcher, and the shell's memory. bench/run builds and calls this; it prints
one table of medians and ratios against targets (PASS/MISS) and saves it,
with the raw samples, under bench/results/.

Every comparison is made in the same run on the same machine, with the
commands of a group interleaved round by round (A B C, A B C, ...), so that
a burst of load from elsewhere hits all of them alike.

Exit status: 0 when every measurement could be taken (whether or not it met
its target), 1 when one could not.
"""

import argparse
import json
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import course  # noqa: E402


class MeasurementError(Exception):
    pass


# ---------------------------------------------------------------- timing


def run_timed(cmd, env, stdin_bytes=None, timeout=120, expect_ok=True, cwd=None):
    """Wall time of one command from launch to exit, output discarded."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, input=stdin_bytes, stdin=None if stdin_bytes is not None else subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise MeasurementError(f"timed out after {timeout} s: {' '.join(cmd)}")
    elapsed = time.perf_counter() - start
    if expect_ok and proc.returncode != 0:
        raise MeasurementError(f"exit {proc.returncode}: {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def machine_busy_seconds():
    """CPU seconds all processes of the machine have used (from /proc/stat)."""
    with open("/proc/stat") as f:
        # user nice system idle iowait irq softirq steal (guest time is
        # already counted in user and nice).
        fields = [int(x) for x in f.readline().split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """CPU seconds used by this harness and every child it has waited for."""
    import resource
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


class CPUWatch:
    """Cores kept busy during a stretch of time, by us and by the machine
    as a whole: the difference is load from elsewhere."""

    def __init__(self):
        self.wall, self.ours, self.machine = time.perf_counter(), own_cpu_seconds(), machine_busy_seconds()

    def stop(self):
        wall = time.perf_counter() - self.wall
        ours = (own_cpu_seconds() - self.ours) / wall
        machine = (machine_busy_seconds() - self.machine) / wall
        return wall, ours, machine


def interleave(items, rounds, warmup=1):
    """items: list of (name, fn) where fn() returns seconds. Runs them round
    by round; returns {name: [ms, ...]} without the warm-up rounds."""
    samples = {name: [] for name, _ in items}
    for r in range(warmup + rounds):
        for name, fn in items:
            seconds = fn()
            if r >= warmup:
                samples[name].append(seconds * 1000)
    return samples


def med(values):
    return statistics.median(values)


ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>]")


def pty_first_prompt(cmd, env, prompt=re.compile(r"> ?$"), timeout=20):
    """Seconds from launch to the first prompt on a pseudo-terminal (80x24),
    then types `quit` and waits for the exit."""
    master, slave = pty.openpty()
    import fcntl
    import termios
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    elapsed = None
    try:
        deadline = start + timeout
        while elapsed is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise MeasurementError(f"no prompt within {timeout} s on a pty: {' '.join(cmd)}\n{seen[-500:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                raise MeasurementError(f"exited before a prompt on a pty: {' '.join(cmd)}\n{seen[-500:]!r}")
            seen += data
            text = ANSI.sub("", seen.decode("utf-8", errors="replace")).replace("\r", "")
            if prompt.search(text):
                elapsed = time.perf_counter() - start
        os.write(master, b"quit\n")
        end = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    pass
        if proc.poll() is None:
            raise MeasurementError(f"did not quit on a pty: {' '.join(cmd)}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return elapsed


# ---------------------------------------------------------------- the table


class Table:
    def __init__(self):
        self.rows = []
        self.misses = []

    def section(self, title):
        self.rows.append(("section", title))

    def row(self, name, value, compared="", target="", verdict=""):
        self.rows.append(("row", name, value, compared, target, verdict))
        if verdict == "MISS":
            self.misses.append(name)

    def note(self, text):
        self.rows.append(("note", text))

    def render(self):
        out = []
        widths = (44, 11, 32, 15)
        header = ("measurement", "median", "compared with", "target")
        line = f"{header[0]:<{widths[0]}} {header[1]:>{widths[1]}}  {header[2]:<{widths[2]}} {header[3]:<{widths[3]}} result"
        out.append(line)
        out.append("-" * len(line))
        for r in self.rows:
            if r[0] == "section":
                out.append(r[1])
            elif r[0] == "note":
                out.append(f"    {r[1]}")
            else:
                _, name, value, compared, target, verdict = r
                out.append(f"  {name:<{widths[0] - 2}} {value:>{widths[1]}}  {compared:<{widths[2]}} {target:<{widths[3]}} {verdict}".rstrip())
        return "\n".join(out)


def ms(x):
    return f"{x:.1f} ms"


def verdict(ok):
    return "PASS" if ok else "MISS"


# ---------------------------------------------------------------- benches


def bench_startup(a, env, table, raw):
    table.section(f"1. start-up: launch to first prompt (median of {a.rounds_fast} runs)")
    lessons10 = os.path.join(a.tmp, "course-10")
    lessons100 = os.path.join(a.tmp, "course-100")
    course.synthesize(a.lessons, 10, lessons10)
    course.synthesize(a.lessons, 100, lessons100)
    # A course that loads with broken lessons would time the error path.
    for folder in (lessons10, lessons100):
        run_timed([a.bin, "list", "--lessons", folder], env)
    m = a.bin
    items = [
        ("python3 -c pass (PATH)", lambda: run_timed([a.python_cmd, "-c", "pass"], env)),
        ("real -c pass", lambda: run_timed([a.real, "-c", "pass"], env)),
        ("help", lambda: run_timed([m, "--help"], env)),
        ("list", lambda: run_timed([m, "list"], env)),
        ("shell pipe", lambda: run_timed([m], env, b"quit\n")),
        ("shell pty", lambda: pty_first_prompt([m], env)),
        ("shell pipe --python real", lambda: run_timed([m, "--python", a.real], env, b"quit\n")),
        ("list 10", lambda: run_timed([m, "list", "--lessons", lessons10], env)),
        ("list 100", lambda: run_timed([m, "list", "--lessons", lessons100], env)),
        ("shell 10", lambda: run_timed([m, "--lessons", lessons10], env, b"quit\n")),
        ("shell 100", lambda: run_timed([m, "--lessons", lessons100], env, b"quit\n")),
    ]
    s = interleave(items, a.rounds_fast)
    raw["startup"] = s
    M = {k: med(v) for k, v in s.items()}
    floor = M["real -c pass"]
    shim = M["python3 -c pass (PATH)"]
    table.row(f"python3 -c pass ({a.python_label})", ms(shim), "")
    table.row("python3 -c pass (real interpreter)", ms(floor), "the floor")

    def vs_floor(x):
        return f"{x / floor:.2f}x floor, {x - floor:+.1f} ms"

    n = a.builtin_count
    table.row("mptutor --help (Swift process, no course)", ms(M["help"]), vs_floor(M["help"]), "(diagnostic)")
    table.row(f"mptutor list ({n} lessons)", ms(M["list"]), vs_floor(M["list"]), "< 50 ms", verdict(M["list"] < 50))
    table.row("shell: first prompt on a pty", ms(M["shell pty"]), vs_floor(M["shell pty"]), "< 50 ms", verdict(M["shell pty"] < 50))
    table.row("shell: printf 'quit\\n' | mptutor", ms(M["shell pipe"]), vs_floor(M["shell pipe"]), "< 50 ms", verdict(M["shell pipe"] < 50))
    table.row("  same, --python REAL (no shim probe)", ms(M["shell pipe --python real"]), vs_floor(M["shell pipe --python real"]), "(diagnostic)")
    d_list = M["list 100"] - M["list 10"]
    d_shell = M["shell 100"] - M["shell 10"]
    table.row("mptutor list: 10 lessons", ms(M["list 10"]), "")
    table.row("mptutor list: 100 lessons", ms(M["list 100"]), f"{d_list:+.1f} ms over 10", "< +20 ms", verdict(d_list < 20))
    table.row("shell (pipe): 10 lessons", ms(M["shell 10"]), "")
    table.row("shell (pipe): 100 lessons", ms(M["shell 100"]), f"{d_shell:+.1f} ms over 10", "< +20 ms", verdict(d_shell < 20))
    raw["startup_medians"] = M


TRIVIAL = 'print("hello from a trivial program")\n'
EIGHT = '''import multiprocessing as mp


def work(i):
    print(f"worker {i} is process {mp.current_process().pid}")


if __name__ == "__main__":
    workers = [mp.Process(target=work, args=(i,)) for i in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("all 8 done")
'''


def bench_run(a, env, table, raw):
    table.section(f"2. run overhead: mptutor run FILE.py vs python3 FILE.py (median of {a.rounds_fast} runs)")
    progdir = os.path.join(a.tmp, "programs")
    os.makedirs(progdir, exist_ok=True)
    results = {}
    for label, source in (("trivial", TRIVIAL), ("8 processes", EIGHT)):
        path = os.path.join(progdir, "trivial.py" if label == "trivial" else "eight.py")
        with open(path, "w") as f:
            f.write(source)
        items = [
            ("shim", lambda p=path: run_timed([a.python_cmd, p], env, cwd=progdir)),
            ("real", lambda p=path: run_timed([a.real, p], env, cwd=progdir)),
            ("mptutor", lambda p=path: run_timed([a.bin, "run", p], env, cwd=progdir)),
            ("mptutor --python real", lambda p=path: run_timed([a.bin, "run", p, "--python", a.real], env, cwd=progdir)),
        ]
        s = interleave(items, a.rounds_fast)
        raw[f"run {label}"] = s
        M = {k: med(v) for k, v in s.items()}
        # Like with like: `mptutor run FILE` starts the python3 it finds on
        # PATH (here a pyenv shim), as `python3 FILE` does; with --python
        # REAL both sides start the real interpreter.
        allowed_shim = max(0.05 * M["shim"], 5.0)
        over_shim = M["mptutor"] - M["shim"]
        allowed_real = max(0.05 * M["real"], 5.0)
        over_real = M["mptutor --python real"] - M["real"]
        table.row(f"{label}: python3 FILE ({a.python_label})", ms(M["shim"]), "")
        table.row(f"{label}: mptutor run FILE", ms(M["mptutor"]),
                  f"{M['mptutor'] / M['shim']:.2f}x, {over_shim:+.1f} ms", f"<= +{allowed_shim:.1f} ms",
                  verdict(over_shim <= allowed_shim))
        table.row(f"{label}: REAL FILE (real interpreter)", ms(M["real"]), "")
        table.row(f"{label}: mptutor run FILE --python REAL", ms(M["mptutor --python real"]),
                  f"{M['mptutor --python real'] / M['real']:.2f}x, {over_real:+.1f} ms", f"<= +{allowed_real:.1f} ms",
                  verdict(over_real <= allowed_real))
        results[label] = M
    raw["run_medians"] = results
    bench_shell_runs(a, env, table, raw, results)


def shell_lesson(folder):
    """A one-lesson course whose two steps are the two programs above."""
    os.makedirs(folder, exist_ok=True)
    eight_expect = "@any-order\n@count 8\nworker {{int}} is process {{int}}\n@end\nall 8 done\n"
    with open(os.path.join(folder, "01-bench.md"), "w") as f:
        f.write("---\nid: bench\ntitle: Bench\norder: 1\nsummary: the run-overhead programs\n---\n\n"
                "## Trivial\n\nOne print.\n\n```python example\n" + TRIVIAL + "```\n\n```expect\n"
                "hello from a trivial program\n```\n\n"
                "## Eight processes\n\nEight workers.\n\n```python example\n" + EIGHT + "```\n\n```expect\n"
                + eight_expect + "```\n")
    return folder


def bench_shell_runs(a, env, table, raw, results):
    """`run` typed in a running shell: what a learner waits for, with no
    process start or argument parsing on the way (the shell is resident).
    Each round trip also carries a one-word unknown command that tells the
    harness the run is over (well under a millisecond)."""
    folder = shell_lesson(os.path.join(a.tmp, "shell-lesson"))
    shell = Shell([a.bin, "--lessons", folder, "--python", a.real], env)
    times = {}
    try:
        shell.do("open bench")
        for step, label in ((1, "trivial"), (2, "8 processes")):
            shell.do(f"step {step}")
            shell.do("run")  # warm-up
            samples = []
            for _ in range(a.rounds_fast):
                start = time.perf_counter()
                out = shell.do("run")
                samples.append((time.perf_counter() - start) * 1000)
                if "✓" not in out:
                    raise MeasurementError(f"the shell's run of '{label}' did not match:\n{out}")
            times[label] = samples
    finally:
        shell.close()
    raw["shell runs"] = times
    for label, samples in times.items():
        m = med(samples)
        real = results[label]["real"]
        table.row(f"{label}: `run` typed in the shell", ms(m),
                  f"REAL FILE {real:.1f} ms: {m / real:.2f}x, {m - real:+.1f} ms", "(what a learner waits for)")


def cram_suite(a, env):
    """Builds the cram suite: one .t per lesson, expected output from one
    run (accepted with cram -y -i), numbers loosened to (re) lines."""
    target = os.path.join(a.tmp, "cram")
    count = course.write_cram_suite(a.lessons, target, a.real)
    # Relative names, run from the suite's folder: patch(1), which cram -i
    # uses, will not patch a file given by an absolute path.
    tests = sorted(n for n in os.listdir(target) if n.endswith(".t"))
    before = {t: open(os.path.join(target, t)).read() for t in tests}
    accept = subprocess.run([a.cram, "-y", "-i"] + tests, env=env, stdin=subprocess.DEVNULL, cwd=target,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    if accept.returncode not in (0, 1):
        raise MeasurementError(f"cram -y -i failed ({accept.returncode}): {accept.stdout.decode(errors='replace')[-1000:]}")
    unaccepted = [t for t in tests if open(os.path.join(target, t)).read() == before[t]]
    if unaccepted:
        raise MeasurementError(f"cram -y -i did not fill in the expected output of {unaccepted}:\n"
                               + accept.stdout.decode(errors="replace")[-1000:])
    for t in tests:
        course.loosen(os.path.join(target, t))
    return target, tests, count


def run_cram(a, env, suite, record):
    folder, tests = suite
    start = time.perf_counter()
    proc = subprocess.run([a.cram, "-q"] + tests, env=env, stdin=subprocess.DEVNULL, cwd=folder,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise MeasurementError(f"cram exited {proc.returncode}: {proc.stdout.decode(errors='replace')[-1000:]}")
    m = re.search(r"# Ran (\d+) tests, (\d+) skipped, (\d+) failed", proc.stdout.decode(errors="replace"))
    if m:
        record.append((int(m.group(1)), int(m.group(3))))
    return elapsed


def run_verify(a, env, jobs, record, cpu):
    watch = CPUWatch()
    proc = subprocess.run([a.bin, "verify", "--jobs", str(jobs), "--color", "never"], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
    elapsed, ours, machine = watch.stop()
    cpu.append((ours, machine))
    text = proc.stdout.decode(errors="replace")
    m = re.search(r"(\d+) passed, (\d+) failed", text)
    if not m:
        raise MeasurementError(f"verify --jobs {jobs} gave no summary (exit {proc.returncode}):\n{text[-1500:]}")
    record.append((int(m.group(1)), int(m.group(2))))
    return elapsed


def bench_verify(a, env, table, raw):
    cores = os.cpu_count() or 1
    table.section(f"3. verify throughput: the whole course (median of {a.rounds_slow} runs)")
    folder, tests, count = (None, None, 0)
    if a.cram:
        folder, tests, count = cram_suite(a, env)
    rec1, recn, recc = [], [], []
    cpu1, cpun = [], []
    items = [
        ("jobs 1", lambda: run_verify(a, env, 1, rec1, cpu1)),
        (f"jobs {cores}", lambda: run_verify(a, env, cores, recn, cpun)),
    ]
    if tests:
        items.append(("cram", lambda: run_cram(a, env, (folder, tests), recc)))
    s = interleave(items, a.rounds_slow, warmup=0)
    raw["verify"] = s
    M = {k: med(v) for k, v in s.items()}
    j1, jn = M["jobs 1"], M[f"jobs {cores}"]
    passed, failed = rec1[-1]
    table.row("mptutor verify --jobs 1", f"{j1 / 1000:.2f} s", f"{passed} passed, {failed} failed")
    speedup = j1 / jn
    target = "(1 core)" if cores < 2 else ">= 1.7x"
    table.row(f"mptutor verify --jobs {cores} (all cores)", f"{jn / 1000:.2f} s", f"speed-up {speedup:.2f}x over --jobs 1",
              target, verdict(speedup >= 1.7) if cores >= 2 else "")
    o1, m1 = med([c[0] for c in cpu1]), med([c[1] for c in cpu1])
    on, mn = med([c[0] for c in cpun]), med([c[1] for c in cpun])
    table.note(f"cores kept busy: --jobs 1 {o1:.2f} by verify ({m1:.2f} by the whole machine), "
               f"--jobs {cores} {on:.2f} ({mn:.2f});")
    table.note("verify mostly waits on its examples' sleeps and pipes; busy cores beyond verify's own are load from elsewhere")
    raw["verify_cpu"] = {"jobs 1": cpu1, f"jobs {cores}": cpun}
    if tests:
        runs, fails = recc[-1] if recc else (0, 0)
        c = M["cram"]
        table.row(f"cram, the same {count} programs, sequential", f"{c / 1000:.2f} s",
                  f"--jobs 1 is {j1 / c:.2f}x cram's time")
        table.note(f"cram: {len(tests)} .t files (one per lesson), {runs - fails} passed exactly; expected output from one run,")
        table.note("numbers as (re) lines; a file fails when racing processes print in another order (cram cannot say any-order)")
    else:
        table.row("cram", "n/a", "bench/.venv/bin/cram missing", "", "SKIP")
    raw["verify_medians"] = M


def bench_matcher(a, env, table, raw):
    table.section(f"4. matcher: 1,000 expectations (100-line any-order group, 900 captures), median of {a.matcher_runs} runs")
    results = {}
    for lines in (50_000, 100_000, 200_000):
        proc = subprocess.run([a.matcher, "--lines", str(lines), "--runs", str(a.matcher_runs)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        text = proc.stdout.decode(errors="replace")
        m = re.search(r"^RESULT (.*)$", text, re.M)
        if proc.returncode != 0 or not m:
            raise MeasurementError(f"matcher benchmark failed (exit {proc.returncode}):\n{text[-1500:]}")
        fields = dict(kv.split("=", 1) for kv in m.group(1).split())
        results[lines] = fields
        if fields.get("passed") != "yes":
            raise MeasurementError(f"matcher benchmark: the expectations did not match at {lines} lines")
    raw["matcher"] = results
    for lines, f in results.items():
        lit, hole = float(f["literal_ms"]), float(f["hole_ms"])
        tgt = lines == 100_000
        label = f"{lines // 1000}k lines"
        table.row(f"{label}: literal-prefix patterns", ms(lit), "", "< 200 ms" if tgt else "", verdict(lit < 200) if tgt else "")
        table.row(f"{label}: hole-first patterns", ms(hole), "", "< 200 ms" if tgt else "", verdict(hole < 200) if tgt else "")
        table.row(f"{label}: peak RSS / added by matching", f"{float(f['peak_rss_mib']):.1f} MiB",
                  f"+{float(f['match_peak_mib']):.1f} MiB over the input's {float(f['input_rss_mib']):.1f}")
    a50, a100, a200 = (float(results[n]["match_peak_mib"]) for n in (50_000, 100_000, 200_000))
    if min(a50, a100, a200) > 0:
        r1, r2 = a100 / a50, a200 / a100
        linear = r1 <= 2.5 and r2 <= 2.5
        table.row("matching memory, per doubling of output", f"{r1:.2f}x {r2:.2f}x", "50k->100k, 100k->200k", "linear (<= 2.5x)",
                  verdict(linear))
        per_line = (a200 - a100) * 1024 * 1024 / 100_000
        table.note(f"about {per_line:.0f} bytes of matcher memory per output line")


def read_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(rest.split()[0])  # KiB
    return out


class Shell:
    """The shell driven through stdin, as a script would: each command is
    followed by an unknown command `bench-sync-N`, whose error message
    says the shell has finished the command before it."""

    def __init__(self, cmd, env):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        self.text = []
        self.cond = threading.Condition()
        self.sync = 0
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.text.append(line.decode(errors="replace"))
                self.cond.notify_all()
        with self.cond:
            self.text.append(None)
            self.cond.notify_all()

    def do(self, command, timeout=30):
        self.sync += 1
        token = f"bench-sync-{self.sync}"
        self.proc.stdin.write(f"{command}\n{token}\n".encode())
        self.proc.stdin.flush()
        with self.cond:
            ok = self.cond.wait_for(lambda: None in self.text or any(f"'{token}'" in t for t in self.text[-5:] if t), timeout)
            if not ok or None in self.text:
                raise MeasurementError(f"the shell did not finish '{command}' within {timeout} s:\n{''.join(t for t in self.text[-20:] if t)}")
            out = "".join(self.text)
            self.text.clear()
        return out

    def close(self):
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def bench_memory(a, env, table, raw):
    table.section(f"5. memory: the shell with the whole course loaded, {a.runs_memory} runs of one example (fork step 2)")
    shell = Shell([a.bin], env)
    samples = {}
    try:
        shell.do("help")
        samples[0] = read_status(shell.proc.pid)
        # Step 1 has a quiz, which would take the sync word as an answer:
        # go to step 2 (no quiz) before syncing.
        shell.do("open fork\nstep 2")
        samples["open"] = read_status(shell.proc.pid)
        checks = {1, 10, 25, 50, 75, a.runs_memory}
        passed = 0
        for n in range(1, a.runs_memory + 1):
            out = shell.do("run")
            if "✓" in out:
                passed += 1
            if n in checks:
                samples[n] = read_status(shell.proc.pid)
    finally:
        shell.close()
    raw["memory"] = {str(k): v for k, v in samples.items()}
    last = a.runs_memory

    def mib(kib):
        return f"{kib / 1024:.1f} MiB"

    table.row("idle, course loaded (VmRSS)", mib(samples[0]["VmRSS"]), "")
    table.row("lesson open, before any run", mib(samples["open"]["VmRSS"]), "")
    table.row("after run 1", mib(samples[1]["VmRSS"]), "")
    table.row("after run 10", mib(samples[10]["VmRSS"]), "")
    growth = samples[last]["VmRSS"] - samples[10]["VmRSS"]
    per_run = growth / (last - 10)
    table.row(f"after run {last}", mib(samples[last]["VmRSS"]), f"{growth:+d} KiB since run 10 ({per_run:+.1f} KiB/run)",
              "< 1 KiB/run", verdict(per_run < 1.0))
    table.row(f"peak (VmHWM) after {last} runs", mib(samples[last]["VmHWM"]), f"{passed}/{last} runs matched")
    table.note("VmRSS after runs 1/10/25/50/75/100: " + " ".join(f"{samples[k]['VmRSS']}" for k in sorted(k for k in samples if isinstance(k, int) and k > 0)) + " KiB")


# ---------------------------------------------------------------- main


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bin", required=True)
    p.add_argument("--matcher", required=True)
    p.add_argument("--lessons", required=True)
    p.add_argument("--python-cmd", default="python3", help="python3 as a learner types it (found on PATH)")
    p.add_argument("--real", required=True, help="the real interpreter (sys.executable)")
    p.add_argument("--cram", default="")
    p.add_argument("--results", required=True)
    p.add_argument("--quick", action="store_true", help="fewer runs of each (a smoke test, not figures)")
    a = p.parse_args()
    a.rounds_fast = 3 if a.quick else 15
    a.rounds_slow = 1 if a.quick else 3
    a.matcher_runs = 3 if a.quick else 5
    a.runs_memory = 100
    a.builtin_count = len(course.lesson_files(a.lessons))
    found = shutil.which(a.python_cmd) or a.python_cmd
    a.python_label = "PATH: pyenv shim" if "/shims/" in found else "PATH"
    if a.cram and not os.access(a.cram, os.X_OK):
        a.cram = ""

    a.tmp = tempfile.mkdtemp(prefix="mptutor-bench-")
    env = dict(os.environ)
    # Progress and history go to a throw-away folder, not the user's.
    env["XDG_STATE_HOME"] = os.path.join(a.tmp, "state")
    os.makedirs(env["XDG_STATE_HOME"])
    env.pop("MPTUTOR_PYTHON", None)
    env.pop("MPTUTOR_LESSONS", None)

    version = subprocess.run([a.real, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True).stdout.strip()
    load_before = os.getloadavg()
    started = time.time()
    whole = CPUWatch()
    table = Table()
    raw = {}
    failures = []
    benches = [bench_startup, bench_run, bench_verify, bench_matcher, bench_memory]
    for bench in benches:
        try:
            bench(a, env, table, raw)
        except MeasurementError as e:
            failures.append(f"{bench.__name__}: {e}")
            table.row(f"{bench.__name__[6:]}: MEASUREMENT FAILED", "", "", "", "FAIL")
            print(f"bench: {bench.__name__} failed: {e}", file=sys.stderr)
    load_after = os.getloadavg()
    _, ours, machine = whole.stop()
    shutil.rmtree(a.tmp, ignore_errors=True)

    head = [
        f"mptutor benchmarks, {time.strftime('%Y-%m-%d %H:%M', time.localtime(started))}, "
        f"{os.cpu_count()} cores, {time.time() - started:.0f} s{' (--quick)' if a.quick else ''}",
        f"load: average {load_before[0]:.1f} before / {load_after[0]:.1f} after; during the run the benchmark kept "
        f"{ours:.2f} cores busy and the rest of the machine {max(0.0, machine - ours):.2f}",
        f"python3 on PATH: {found}; real interpreter: {a.real} (Python {version})",
    ]
    body = table.render()
    tail = [f"{len(table.misses)} target(s) missed: {', '.join(m.strip() for m in table.misses)}" if table.misses
            else "every target met"]
    if failures:
        tail.append(f"{len(failures)} measurement(s) FAILED (see above)")
    report = "\n".join(head + ["", body, ""] + tail)
    print(report)

    os.makedirs(a.results, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(started))
    with open(os.path.join(a.results, f"{stamp}.txt"), "w") as f:
        f.write(report + "\n")
    with open(os.path.join(a.results, f"{stamp}.json"), "w") as f:
        json.dump({"samples_ms": raw, "misses": table.misses, "failures": failures, "quick": a.quick}, f, indent=1, default=str)
    print(f"\nsaved: {os.path.relpath(os.path.join(a.results, stamp + '.txt'))} (and .json with every sample)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
