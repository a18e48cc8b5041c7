"""Threads: the GIL is released while C works, and a shared Lexicon gives
the same results as one thread."""

import os
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import libquote

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
    def progress_during(self, call):
        """Run call() in a thread; count how often this thread runs while the
        worker is inside the call."""
        started = threading.Event()
        done = threading.Event()
        elapsed = []

        def target():
            started.set()
            t0 = time.perf_counter()
            call()
            elapsed.append(time.perf_counter() - t0)
            done.set()

        worker = threading.Thread(target=target)
        spins = 0
        worker.start()
        started.wait()
        while not done.is_set():
            spins += 1
        worker.join()
        return spins, elapsed[0]

    def check_released(self, make_call, unit):
        """make_call(text) -> a callable working on text. The text grows until
        one call lasts long enough to tell: with the GIL held for the whole C
        call this thread could not spin at all meanwhile; released, it spins
        freely."""
        text = unit
        for _ in range(12):
            spins, seconds = self.progress_during(make_call(text))
            if seconds >= 0.05:
                break
            text = text * 2
        print(f"{spins} spins of the main thread during a {seconds * 1000:.0f} ms call "
              f"on {len(text)} characters")
        self.assertGreaterEqual(seconds, 0.05, "the call was too fast to tell")
        self.assertGreater(spins, 10000, "the GIL was not released during the C call")

    def test_analyze_releases_the_gil(self):
        self.check_released(lambda t: lambda: libquote.analyze(t), lqtest.STORY * 500)

    def test_score_releases_the_gil(self):
        unit = "The rescue was a wonderful success for everyone. " * 5000
        self.check_released(lambda t: lambda: libquote.score(t), unit)

    def test_explain_releases_the_gil(self):
        unit = "The rescue was a wonderful success for everyone. " * 5000
        self.check_released(lambda t: lambda: libquote.explain(t), unit)

    def test_normalize_releases_the_gil(self):
        unit = "Ame\u0301lie \u201cquoted\u201d \u00a0 " * 20000
        self.check_released(lambda t: lambda: libquote.normalize(t, casefold=True), unit)

    def test_lexicon_load_releases_the_gil(self):
        self.check_released(lambda t: lambda: [libquote.Lexicon() for _ in range(len(t))], "x")


if __name__ == "__main__":
    unittest.main()
