"""Shared helpers of the Python tests: where things are, our own fixtures."""

import json
import os
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get("LQ_TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
TOP_BUILDDIR = os.environ.get("LQ_TOP_BUILDDIR") or os.path.join(TOP_SRCDIR, "_build")
# Shared read-only data lives beside the checkout (../shared); its texts are
# read at test time, never copied into the repository.
SHARED = os.path.normpath(os.path.join(TOP_SRCDIR, "..", "shared"))

# Our own text: quotes with curly marks around non-ASCII words, astral
# characters before them (4-byte UTF-8, 1 code point), a decomposed accent.
STORY = (
    "\U0001F389 Tromsø harbour reopens \U0001F30A\n\n"
    "Zoë Ångström, the mayor of Tromsø, said: \u201cWe will rebuild the café before "
    "the first snow.\u201d\n\n"
    "\u201cNobody here is giving up,\u201d said Jürgen Müller, a fisherman. "
    "\u201cThe sea took our boats, not our nerve.\u201d\n\n"
    "Prices rose by 5\u202f% – the council blamed \u201cterrible luck\u201d and storms.\n\n"
    "\u201cThe cafe\u0301 will open in spring,\u201d Ångström added.\n"
)


def shared_path(*parts):
    """A file of ../shared, or skip the test with a clear message."""
    path = os.path.join(SHARED, *parts)
    if not os.path.exists(path):
        raise unittest.SkipTest(f"{path} is absent: the shared data directory ../shared "
                                f"is not checked out beside {TOP_SRCDIR}")
    return path


def read_shared_text(*parts):
    with open(shared_path(*parts), encoding="utf-8") as f:
        return f.read()


def cli_path():
    """The build tree's `quote` program (a libtool wrapper script)."""
    path = os.path.join(TOP_BUILDDIR, "tools", "quote")
    if not os.access(path, os.X_OK):
        raise AssertionError(f"the command-line tool was not built: {path}")
    return path


def run_cli(*args, input_bytes=None):
    """Run `quote ARGS…` from the build tree; return its stdout bytes."""
    proc = subprocess.run([cli_path(), *args], input=input_bytes, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"quote {' '.join(args)} exited {proc.returncode}: "
                             f"{proc.stderr.decode('utf-8', 'replace')}")
    return proc.stdout


def jsonl(data):
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def rss_bytes():
    """Resident set size of this process (from /proc/self/statm)."""
    with open("/proc/self/statm") as f:
        resident = int(f.read().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE")
