"""Lesson files for the benchmarks: synthetic courses and extracted programs.

Used by bench/harness.py; runnable on its own for a look:

    python3 bench/course.py programs Lessons       # list every program verify runs
    python3 bench/course.py synth Lessons 100 DIR   # a 100-lesson course in DIR
"""

import os
import re
import shlex
import sys

FENCE = re.compile(r"^(`{3,}|~{3,})\s*(.*)$")
FRONT_KEY = re.compile(r"^(id|order)\s*:")


def lesson_files(folder):
    """The lesson files of a folder, as mptutor loads them (README.md aside)."""
    return sorted(
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if name.endswith(".md") and name.lower() != "readme.md"
    )


def synthesize(source_folder, count, target_folder):
    """Writes `count` lessons to target_folder by copying the built-in ones
    round-robin with new ids and orders (`fork-c7`, order 107). Returns the
    number of files written."""
    sources = lesson_files(source_folder)
    if not sources:
        raise SystemExit(f"no lessons in {source_folder}")
    os.makedirs(target_folder, exist_ok=True)
    for n in range(count):
        path = sources[n % len(sources)]
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        base = re.sub(r"^\d+-", "", os.path.basename(path)[:-3])
        lesson_id = f"{base}-c{n + 1}"
        out = []
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
            if end is None:
                raise SystemExit(f"{path}: front matter is not closed")
            head = [l for l in lines[1:end] if not FRONT_KEY.match(l)]
            out = ["---", f"id: {lesson_id}", f"order: {n + 1}"] + head + lines[end:]
        else:
            out = ["---", f"id: {lesson_id}", f"order: {n + 1}", f"summary: copy of {base}", "---"] + lines
        name = f"{n + 1:03d}-{lesson_id}.md"
        with open(os.path.join(target_folder, name), "w", encoding="utf-8") as f:
            f.write("\n".join(out))
    return count


def programs(folder):
    """Every program `mptutor verify` runs once: examples, exercise starters
    and solutions, with their run options. Yields dicts with lesson, kind,
    line, source, options."""
    for path in lesson_files(folder):
        with open(path, encoding="utf-8") as f:
            lines = f.read().replace("\r\n", "\n").split("\n")
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                i += 1
                continue
            fence, info = m.group(1), m.group(2).split()
            j = i + 1
            while j < len(lines) and not (lines[j].startswith(fence[0] * len(fence)) and lines[j].strip(fence[0]).strip() == ""):
                j += 1
            if len(info) >= 2 and info[0] == "python" and info[1] in ("example", "starter", "solution"):
                options = dict(o.split("=", 1) for o in info[2:] if "=" in o)
                yield {
                    "lesson": os.path.basename(path),
                    "kind": info[1],
                    "line": i + 1,
                    "source": "\n".join(lines[i + 1:j]) + "\n",
                    "options": options,
                }
            i = j + 1


def write_cram_suite(folder, target, python):
    """Writes one cram .t file per lesson into `target` (programs under
    target/p/), running each program as `timeout T PYTHON FILE < input`.
    The .t files hold no expected output yet (see accept_and_loosen)."""
    os.makedirs(os.path.join(target, "p"), exist_ok=True)
    suites = {}
    starters = {}
    for k, program in enumerate(programs(folder)):
        name = f"p/{k:03d}.py"
        with open(os.path.join(target, name), "w", encoding="utf-8") as f:
            f.write(program["source"])
        options = program["options"]
        timeout = options.get("timeout", "10")
        if "stdin" in options:
            feed = "printf '%b' " + shlex.quote(options["stdin"]) + " | "
            redirect = ""
        else:
            feed, redirect = "", " < /dev/null"
        env = ""
        buffering = options.get("buffering", "line")
        if buffering == "block":
            env = "env -u PYTHONUNBUFFERED "
        command = f'{feed}{env}timeout -k 1 {timeout} {shlex.quote(python)} "$TESTDIR/{name}"{redirect}'
        if program["kind"] == "starter":
            # A starter is meant to fail its check, and may exit non-zero.
            command += " || true"
        suites.setdefault(program["lesson"], []).append(
            f"{program['kind']} at line {program['line']}:\n\n  $ {command}\n")
    for lesson, items in suites.items():
        with open(os.path.join(target, lesson[:-3] + ".t"), "w", encoding="utf-8") as f:
            f.write("\n".join(items))
    return sum(len(v) for v in suites.values())


NUMBER = re.compile(r"0x[0-9a-fA-F]+|[0-9]+")


def loosen(t_file):
    """After `cram -y -i` filled in one run's output: every output line with
    a number (pids, times, addresses) becomes a cram `(re)` line in which
    each number matches any number. Line order stays as that run had it."""
    with open(t_file, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    for line in lines:
        if line.startswith("  ") and not line.startswith("  $ ") and not line.startswith("  > ") \
                and NUMBER.search(line) and not line.endswith(" (re)") and not re.match(r"^  \[\d+\]$", line):
            body = line[2:]
            pieces = []
            last = 0
            for m in NUMBER.finditer(body):
                pieces.append(re.escape(body[last:m.start()]))
                pieces.append("(0x[0-9a-fA-F]+|[0-9]+)")
                last = m.end()
            pieces.append(re.escape(body[last:]))
            line = "  " + "".join(pieces) + " (re)"
        out.append(line)
    with open(t_file, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "programs":
        for p in programs(sys.argv[2]):
            print(f"{p['lesson']}:{p['line']}  {p['kind']:8} {p['options']}")
    elif len(sys.argv) == 5 and sys.argv[1] == "synth":
        print(synthesize(sys.argv[2], int(sys.argv[3]), sys.argv[4]), "lessons written")
    else:
        print(__doc__)
        sys.exit(2)
