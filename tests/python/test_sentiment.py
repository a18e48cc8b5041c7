"""libquote.score / explain / Lexicon."""

import json
import threading
import unittest

import libquote

import lqtest


class ScoreTest(unittest.TestCase):
    def test_scores_shape(self):
        s = libquote.score("The rescue was a wonderful success.")
        self.assertIsInstance(s, libquote.Scores)
        self.assertGreater(s.compound, 0.3)
        self.assertAlmostEqual(s.neg + s.neu + s.pos, 1.0, delta=0.002)
        self.assertEqual(s.as_dict(), {"neg": s.neg, "neu": s.neu, "pos": s.pos,
                                       "compound": s.compound})
        self.assertLess(libquote.score("It was a horrible, tragic failure.").compound, -0.3)
        self.assertEqual(libquote.score(""), libquote.Scores(0.0, 0.0, 0.0, 0.0))

    def test_str_and_bytes_agree(self):
        text = "Zoë is not happy at all \U0001F622 but the café is GREAT!!!"
        self.assertEqual(libquote.score(text), libquote.score(text.encode("utf-8")))

    def test_flags(self):
        curly = "It\u2019s not \u201cgood\u201d \u2013 it\u2019s great"
        straight = "It's not \"good\" - it's great"
        self.assertEqual(libquote.score(curly, normalize=True),
                         libquote.score(straight, normalize=True))
        for fixes in (False, True):
            s = libquote.score(straight, fixes=fixes)
            self.assertTrue(-1 <= s.compound <= 1)

    def test_vader_reference_cases(self):
        # The reference VADER's own lexicons and the scores it gave.
        lexicon = libquote.Lexicon(
            path=lqtest.shared_path("reference", "vader", "vader_lexicon.txt"), format="vader",
            emoji_path=lqtest.shared_path("reference", "vader", "emoji_utf8_lexicon.txt"),
            emoji_format="vader")
        mismatches = []
        n = 0
        with open(lqtest.shared_path("reference", "vader", "cases.jsonl"), encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                n += 1
                got = libquote.score(case["text"], lexicon)
                want = libquote.Scores(case["neg"], case["neu"], case["pos"], case["compound"])
                if got != want:
                    mismatches.append((case["id"], got, want))
        print(f"VADER reference cases through Python: {n - len(mismatches)}/{n} identical")
        self.assertEqual(mismatches[:5], [], f"{len(mismatches)} of {n} cases differ")


class ExplainTest(unittest.TestCase):
    def test_tokens(self):
        text = "The café was not good, but the staff were very friendly!"
        x = libquote.explain(text)
        self.assertIsInstance(x, list)
        self.assertEqual(x.scores, libquote.score(text))
        self.assertTrue(x)
        for token in x:
            self.assertIsInstance(token, libquote.Token)
            self.assertIsInstance(token.rules, tuple)
            if token.start is not None:
                # Offsets index the str that was passed.
                self.assertLessEqual(0, token.start)
                self.assertLessEqual(token.start, token.end)
                self.assertLessEqual(token.end, len(text))
                self.assertEqual(text[token.start:token.end].lower(), token.text.lower(), token)
        good = [t for t in x if t.text.lower() == "good"]
        self.assertEqual(len(good), 1)
        self.assertIn("negated", good[0].rules)
        self.assertGreater(good[0].valence, 0)
        self.assertLess(good[0].contribution, 0)
        friendly = [t for t in x if t.text.lower() == "friendly"][0]
        self.assertIn("boosted", friendly.rules)
        self.assertEqual(set(friendly.as_dict()),
                         {"text", "start", "end", "valence", "contribution", "rules"})

    def test_normalized_scoring_keeps_offsets_in_the_input(self):
        text = "Zo\u00eb\u2019s caf\u00e9 is \u201cgood\u201d \u2013 really GOOD"
        x = libquote.explain(text, normalize=True)
        words = [t for t in x if t.start is not None]
        self.assertTrue(words)
        for t in words:
            self.assertLess(t.start, t.end)
            self.assertLessEqual(t.end, len(text))
        good = [t for t in words if t.text.lower() == "good"]
        self.assertEqual([text[t.start:t.end] for t in good], ["good", "GOOD"])

    def test_bytes_offsets(self):
        text = "Zoë’s café is wonderful"
        data = text.encode("utf-8")
        for t, b in zip(libquote.explain(text), libquote.explain(data)):
            self.assertEqual(t.text, b.text)
            if t.start is not None:
                self.assertEqual(text[t.start:t.end], data[b.start:b.end].decode("utf-8"))


class LexiconTest(unittest.TestCase):
    def test_default_lexicon(self):
        lexicon = libquote.default_lexicon()
        self.assertIs(lexicon, libquote.default_lexicon())
        self.assertGreater(len(lexicon), 1000)
        self.assertGreater(lexicon.lookup("good"), 0)
        self.assertLess(lexicon.lookup("terrible"), 0)
        self.assertIn("good", lexicon)
        self.assertNotIn("qwzx-not-a-word", lexicon)
        self.assertIn("words", repr(lexicon))

    def test_explicit_lexicon_equals_default(self):
        text = "A fine, decent result; nobody is angry."
        with libquote.Lexicon() as lexicon:
            self.assertEqual(libquote.score(text, lexicon), libquote.score(text))
            self.assertEqual(libquote.analyze('She said: "What a fine day."', lexicon),
                             libquote.analyze('She said: "What a fine day."'))

    def test_default_lexicon_loads_once_under_contention(self):
        # A fresh interpreter so that nothing loaded it before the race.
        import subprocess
        import sys
        code = (
            "import threading, libquote\n"
            "barrier = threading.Barrier(16)\n"
            "got = []\n"
            "def work():\n"
            "    barrier.wait()\n"
            "    got.append(libquote.default_lexicon())\n"
            "threads = [threading.Thread(target=work) for _ in range(16)]\n"
            "[t.start() for t in threads]; [t.join() for t in threads]\n"
            "assert len(got) == 16 and all(g is got[0] for g in got), got\n"
            "print('one default lexicon for 16 threads')\n")
        proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
        self.assertEqual(proc.returncode, 0, proc.stdout.decode())


if __name__ == "__main__":
    unittest.main()
