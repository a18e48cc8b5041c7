"""Run one Python test file for `make check` and report its counts.

Usage: runtests.py TEST_FILE

Runs the file with pytest when the interpreter has it (Debian's
python3-pytest), else with unittest, and ends with the line
"N passed, N failed, N skipped" that scripts/check adds up.
Exit status for automake's test driver: 0 pass, 1 fail, 77 every test
skipped, 99 hard error (nothing collected, the file cannot be loaded).
"""

import os
import sys
import unittest


def summary(passed, failed, skipped):
    print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
    if failed:
        return 1
    if passed == 0 and skipped:
        return 77
    if passed == 0:
        print("no test ran: a test file must hold tests", flush=True)
        return 99
    return 0


class _Counter:
    """pytest plugin counting outcomes per test (setup/call/teardown)."""

    def __init__(self):
        self.outcome = {}

    def pytest_runtest_logreport(self, report):
        previous = self.outcome.get(report.nodeid)
        if report.failed:
            self.outcome[report.nodeid] = "failed"
        elif report.skipped and previous != "failed":
            self.outcome[report.nodeid] = "skipped"
        elif report.when == "call" and report.passed and previous is None:
            self.outcome[report.nodeid] = "passed"

    def counts(self):
        values = list(self.outcome.values())
        return values.count("passed"), values.count("failed"), values.count("skipped")


def run_pytest(pytest, path):
    counter = _Counter()
    status = pytest.main([path, "-v", "-s", "-rs", "-p", "no:cacheprovider",
                          "--rootdir", os.path.dirname(os.path.abspath(path))],
                         plugins=[counter])
    passed, failed, skipped = counter.counts()
    if status == 5:  # pytest.ExitCode.NO_TESTS_COLLECTED
        print(f"pytest collected no test in {path}", flush=True)
        summary(passed, failed, skipped)
        return 99
    if status not in (0, 1):  # interrupted, internal or usage error
        print(f"pytest failed to run {path} (exit status {status})", flush=True)
        summary(passed, max(failed, 1), skipped)
        return 99
    return summary(passed, failed, skipped)


def run_unittest(path):
    directory, name = os.path.split(os.path.abspath(path))
    sys.path.insert(0, directory)
    suite = unittest.defaultTestLoader.loadTestsFromName(os.path.splitext(name)[0])
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    return summary(passed, failed, skipped)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 99
    path = argv[1]
    print(f"python: {sys.executable} {sys.version.split()[0]}", flush=True)
    try:
        import pytest
    except ImportError:
        print("pytest is not installed for this interpreter: running with unittest", flush=True)
        return run_unittest(path)
    return run_pytest(pytest, path)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
