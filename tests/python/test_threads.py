"""Threads: the GIL is released while C works, and a shared Lexicon gives
the same results as one thread."""

import os
import sys
import tempfile
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import libquote
from libquote import capi

import lqtest


def texts():
    """Paragraphs of our story and, when present, of the reference article."""
    out = [p for p in lqtest.STORY.split("\n\n") if p.strip()]
    seed = os.path.join(lqtest.SHARED, "seed", "kazakhstan-election.txt")
    if os.path.exists(seed):
        with open(seed, encoding="utf-8") as f:
            article = f.read()
        out.append(article)
        out.extend(p for p in article.split("\n\n") if p.strip())
    return out


def work(text, lexicon):
    doc = libquote.Document(text, lexicon)
    return (doc.as_dict(), libquote.score(text, lexicon), libquote.normalize(text, casefold=True),
            list(libquote.explain(text, lexicon)))


class ThreadPoolTest(unittest.TestCase):
    def test_pool_equals_one_thread(self):
        jobs = texts() * 8
        with libquote.Lexicon() as lexicon:
            expected = [work(t, lexicon) for t in jobs]
            with ThreadPoolExecutor(max_workers=8) as pool:
                got = list(pool.map(lambda t: work(t, lexicon), jobs))
        self.assertEqual(len(got), len(expected))
        for i, (g, e) in enumerate(zip(got, expected)):
            self.assertEqual(g, e, f"job {i} differs under threads")

    def test_first_use_of_a_lexicon_from_many_threads(self):
        # The analyzer behind a lexicon is built once, whoever asks first.
        lexicon = libquote.Lexicon()
        barrier = threading.Barrier(8)
        text = lqtest.STORY

        def first(_):
            barrier.wait()
            return libquote.Document(text, lexicon).as_dict()

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(first, range(8)))
        self.assertTrue(all(r == results[0] for r in results))
        self.assertEqual(len(lexicon._analyzers), 1)

    def test_default_lexicon_shared(self):
        text = lqtest.STORY
        expected = libquote.analyze(text)
        with ThreadPoolExecutor(max_workers=6) as pool:
            for got in pool.map(libquote.analyze, [text] * 60):
                self.assertEqual(got, expected)

    def test_closing_while_others_work(self):
        # Closing a lexicon only drops this reference: calls in flight keep
        # it alive, later calls raise.
        lexicon = libquote.Lexicon()
        big = lqtest.STORY * 2000
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(libquote.analyze, big, lexicon) for _ in range(4)]
            time.sleep(0.01)
            lexicon.close()
            for f in futures:
                try:
                    self.assertTrue(f.result())
                except libquote.InvalidArgumentError:
                    pass  # started after the close
        with self.assertRaises(libquote.InvalidArgumentError):
            libquote.analyze("x", lexicon)


class GILTest(unittest.TestCase):
    """While a worker thread is inside a call into the extension, can the main
    thread run Python code?

    A profile hook timestamps the entry into the extension's C function. The
    call is first timed alone (the fastest of three runs: its C time d). Then
    a worker makes it while the main thread timestamps every turn of a loop.
    With the GIL held by the C call, no main-thread stamp can fall in
    [entry + 0.1 d, entry + 0.5 d]: the worker is still inside C then (it would
    have to run twice as fast as alone to have left). Released, the main
    thread keeps stamping through that interval."""

    @staticmethod
    def c_calls(call):
        """Run call() in this thread; (entry, duration) of each extension call."""
        clock = time.perf_counter
        entered = []
        calls = []

        def hook(frame, event, arg):
            if getattr(arg, "__module__", None) != "libquote._libquote":
                return
            if event == "c_call":
                entered.append(clock())
            elif event in ("c_return", "c_exception") and entered:
                t = entered.pop()
                calls.append((t, clock() - t))

        sys.setprofile(hook)
        try:
            call()
        finally:
            sys.setprofile(None)
        return calls

    def stamps_inside(self, call):
        solo = min(max(d for _, d in self.c_calls(call)) for _ in range(3))
        started = threading.Event()
        calls = []

        def target():
            started.set()
            calls.extend(self.c_calls(call))

        worker = threading.Thread(target=target)
        stamps = []
        append, clock = stamps.append, time.perf_counter
        worker.start()
        started.wait()
        while worker.is_alive():
            append(clock())
        worker.join()
        entry = max(calls, key=lambda c: c[1])[0]
        inside = sum(1 for s in stamps if entry + 0.1 * solo < s < entry + 0.5 * solo)
        return inside, solo

    def check_released(self, make_call):
        """make_call(n) -> a callable whose C work grows with n; n doubles until
        the C call lasts long enough to tell. A loaded machine may not schedule
        the main thread in time, so up to three tries; with the GIL held the
        count is 0 every time."""
        n = 1
        for _ in range(16):
            call = make_call(n)
            inside, seconds = self.stamps_inside(call)
            if seconds >= 0.1:
                break
            n *= 2
        for _ in range(2):
            if inside:
                break
            inside, seconds = self.stamps_inside(call)
        print(f"the main thread ran {inside} loop turns while a {seconds * 1000:.0f} ms "
              f"C call was surely in progress")
        self.assertGreaterEqual(seconds, 0.1, "the call was too fast to tell")
        self.assertGreater(inside, 0, "the GIL was held during the C call")

    def test_analyze_releases_the_gil(self):
        self.check_released(lambda n: lambda: libquote.analyze(lqtest.STORY * (10 * n)))

    def test_score_releases_the_gil(self):
        unit = "The rescue was a wonderful success for everyone. " * 1000
        self.check_released(lambda n: lambda: libquote.score(unit * n))

    def test_explain_releases_the_gil(self):
        # The C call only: building the Token objects is Python's work.
        lexicon = libquote.default_lexicon()._get()
        unit = "The rescue was a wonderful success for everyone. " * 1000
        self.check_released(lambda n: lambda: capi.lq_explain(lexicon, unit * n, 0))

    def test_normalize_releases_the_gil(self):
        unit = "Ame\u0301lie \u201cquoted\u201d \u00a0 " * 5000
        self.check_released(lambda n: lambda: libquote.normalize(unit * n, casefold=True))

    def test_lexicon_load_releases_the_gil(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)

        def make_call(n):
            path = os.path.join(tmp.name, f"words-{n}.tsv")
            with open(path, "w", encoding="utf-8") as f:
                for i in range(20000 * n):
                    f.write(f"word{i}\t{(i % 9) - 4}\n")
            return lambda: libquote.Lexicon(path, format="tsv")

        self.check_released(make_call)


if __name__ == "__main__":
    unittest.main()
