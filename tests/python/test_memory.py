"""A loop of 100,000 calls does not grow the process's memory."""

import gc
import unittest

import libquote

import lqtest

CALLS = 100_000
TEXT = ("Zoë Ångström said: \u201cWe will rebuild the café,\u201d and Jürgen Müller, "
        "a fisherman, said: \u201cNobody is giving up.\u201d")
BAD = TEXT.encode("utf-8") + b"\xff"


def one_round(i, lexicon):
    k = i % 8
    if k == 0:
        libquote.analyze(TEXT, lexicon)
    elif k == 1:
        libquote.score(TEXT, lexicon)
    elif k == 2:
        libquote.normalize(TEXT, casefold=True, ascii_quotes=True)
    elif k == 3:
        libquote.explain(TEXT, lexicon)
    elif k == 4:
        libquote.Document(TEXT.encode("utf-8"), lexicon).as_dict()
    elif k == 5:
        try:
            libquote.analyze(BAD, lexicon)
        except libquote.UTF8Error:
            pass
    elif k == 6:
        try:
            libquote.normalize("x\ud800")
        except libquote.UTF8Error:
            pass
    else:
        libquote.analyze(BAD, lexicon, errors="replace")


class MemoryTest(unittest.TestCase):
    def test_no_growth_over_100000_calls(self):
        lexicon = libquote.Lexicon()
        for i in range(4000):  # warm up: caches, allocator arenas
            one_round(i, lexicon)
        gc.collect()
        before = lqtest.rss_bytes()
        for i in range(CALLS):
            one_round(i, lexicon)
        gc.collect()
        after = lqtest.rss_bytes()
        growth = after - before
        print(f"RSS {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB over {CALLS} calls "
              f"({growth / CALLS:.1f} bytes/call)")
        # A leak of one small allocation per call (>= 16 bytes) would show.
        self.assertLess(growth, 1 << 20)

    def test_lexicon_load_and_free(self):
        for _ in range(20):
            libquote.Lexicon().close()
        gc.collect()
        before = lqtest.rss_bytes()
        for _ in range(200):
            with libquote.Lexicon() as lexicon:
                libquote.analyze(TEXT, lexicon)
        gc.collect()
        after = lqtest.rss_bytes()
        print(f"RSS {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB over 200 lexicons")
        self.assertLess(after - before, 2 << 20)


if __name__ == "__main__":
    unittest.main()
