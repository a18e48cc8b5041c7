"""libquote.analyze / Document / speakers: offsets, fields, str and bytes."""

import unicodedata
import unittest

import libquote

import lqtest

STORY = lqtest.STORY
OPENING = "\u201c\u2018\"'\u00ab\u201e\u2039"
CLOSING = "\u201d\u2019\"'\u00bb\u201c\u203a"


def find(quotes, word):
    found = [q for q in quotes if word in q.text]
    if len(found) != 1:
        raise AssertionError(f"expected one quote with {word!r}, got {found!r}")
    return found[0]


class OffsetsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.quotes = libquote.analyze(STORY)
        cls.data = STORY.encode("utf-8")
        cls.byte_quotes = libquote.analyze(cls.data)

    def test_finds_the_quotes(self):
        for word in ("café before", "giving up", "our nerve", "will open"):
            find(self.quotes, word)

    def test_slice_gives_the_quote_with_its_marks(self):
        q = find(self.quotes, "café before")
        self.assertEqual(STORY[q.start:q.end],
                         "\u201cWe will rebuild the café before the first snow.\u201d")
        q = find(self.quotes, "giving up")
        self.assertEqual(STORY[q.start:q.end], "\u201cNobody here is giving up,\u201d")

    def test_every_slice_starts_and_ends_with_marks(self):
        self.assertTrue(self.quotes)
        for q in self.quotes:
            piece = STORY[q.start:q.end]
            self.assertIn(piece[0], OPENING, q)
            if q.closed:
                self.assertIn(piece[-1], CLOSING, q)
            # The quote's text is the NFC of what is between the marks.
            inner = piece[1:-1] if q.closed else piece[1:]
            self.assertEqual(q.text, unicodedata.normalize("NFC", inner), q)

    def test_text_is_nfc_even_when_the_input_is_not(self):
        q = find(self.quotes, "will open")
        self.assertIn("cafe\u0301", STORY[q.start:q.end])
        self.assertIn("café", q.text)
        self.assertNotIn("\u0301", q.text)

    def test_offsets_are_code_points_for_str_and_bytes_for_bytes(self):
        self.assertEqual(len(self.quotes), len(self.byte_quotes))
        for q, b in zip(self.quotes, self.byte_quotes):
            self.assertEqual(q.start, len(self.data[:b.start].decode("utf-8")))
            self.assertEqual(q.end, len(self.data[:b.end].decode("utf-8")))
            self.assertEqual(self.data[b.start:b.end].decode("utf-8"), STORY[q.start:q.end])
            # Everything else is the same whatever the input type.
            same = q.as_dict()
            other = b.as_dict()
            for key in ("start", "end"):
                del same[key], other[key]
            self.assertEqual(same, other)

    def test_bytes_like_inputs(self):
        for data in (bytearray(self.data), memoryview(self.data)):
            self.assertEqual(libquote.analyze(data), self.byte_quotes)

    def test_ascii_text(self):
        text = 'The minister said: "We are ready." Nobody "agreed".'
        for q in libquote.analyze(text):
            self.assertEqual(q.start, text.index(text[q.start:q.end]))
        q = find(libquote.analyze(text), "ready")
        self.assertEqual(text[q.start:q.end], '"We are ready."')

    def test_offsets_on_a_long_mixed_script_text(self):
        # Many quotes after many multi-byte characters: the one-pass offset
        # conversion must stay exact far into the text.
        paragraph = ("Ελένη Παππά, a teacher in Αθήνα, said: \u201cΤο σχολείο 🏫 μένει ανοιχτό.\u201d "
                     "\u201cWe stay,\u201d said Олег Иванов, a driver.\n\n")
        text = paragraph * 300
        quotes = libquote.analyze(text)
        bquotes = libquote.analyze(text.encode("utf-8"))
        self.assertGreaterEqual(len(quotes), 600)
        self.assertEqual(len(quotes), len(bquotes))
        data = text.encode("utf-8")
        for q, b in zip(quotes, bquotes):
            self.assertEqual(text[q.start:q.end], data[b.start:b.end].decode("utf-8"))
            self.assertEqual(text[q.start], "\u201c")


class AttributionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = libquote.Document(STORY)

    def test_cue_after_the_quote(self):
        q = find(self.doc.quotes, "giving up")
        self.assertEqual(q.speaker, "Jürgen Müller")
        self.assertIn("fisherman", q.role or "")
        self.assertEqual(q.cue, "said")
        self.assertEqual(q.kind, "full")

    def test_cue_before_the_quote(self):
        q = find(self.doc.quotes, "café before")
        self.assertEqual(q.speaker, "Zoë Ångström")
        self.assertIn("mayor", q.role or "")

    def test_speakers_are_indexed(self):
        names = [s.name for s in self.doc.speakers]
        self.assertIn("Jürgen Müller", names)
        self.assertIn("Zoë Ångström", names)
        self.assertEqual(len(names), len(set(names)))
        for q in self.doc.quotes:
            if q.speaker is None:
                self.assertEqual(q.speaker_index, -1)
            else:
                self.assertEqual(self.doc.speakers[q.speaker_index].name, q.speaker)
        for s in self.doc.speakers:
            self.assertIn(s.kind, ("person", "organization", "unknown"))
            self.assertGreaterEqual(s.quote_count, 1)
            self.assertLessEqual(s.quote_count,
                                 sum(1 for q in self.doc.quotes if q.speaker == s.name))

    def test_speakers_function(self):
        self.assertEqual(libquote.speakers(STORY), self.doc.speakers)

    def test_fields_and_scores(self):
        for q in self.doc.quotes:
            self.assertIn(q.kind, ("full", "partial", "continuation", "other"))
            self.assertIsInstance(q.method, str)
            self.assertIsInstance(q.closed, bool)
            s = q.scores
            self.assertIsInstance(s, libquote.Scores)
            self.assertTrue(-1.0 <= s.compound <= 1.0)
            for part in (s.neg, s.neu, s.pos):
                self.assertTrue(0.0 <= part <= 1.0)
            self.assertAlmostEqual(s.neg + s.neu + s.pos, 1.0, delta=0.002)
        # Quote scores are the scores of the quoted words.
        for q in self.doc.quotes:
            self.assertEqual(q.scores, libquote.score(q.text), q)

    def test_as_dict_and_repr(self):
        q = find(self.doc.quotes, "giving up")
        d = q.as_dict()
        self.assertEqual(set(d), {"text", "start", "end", "kind", "speaker", "role", "cue",
                                  "method", "speaker_index", "closed", "scores"})
        self.assertEqual(set(d["scores"]), {"neg", "neu", "pos", "compound"})
        self.assertEqual(d["speaker"], "Jürgen Müller")
        r = repr(q)
        self.assertTrue(r.startswith("Quote("), r)
        self.assertIn("Jürgen Müller", r)
        self.assertIn("start=", r)
        self.assertEqual(set(self.doc.as_dict()), {"quotes", "speakers"})
        self.assertIn("quotes", repr(self.doc))

    def test_results_pickle(self):
        # Results cross process boundaries (multiprocessing, Dask workers).
        import pickle
        for value in (self.doc.quotes, self.doc.speakers, libquote.score(STORY)):
            self.assertEqual(pickle.loads(pickle.dumps(value)), value)
        x = libquote.explain("not good at all")
        y = pickle.loads(pickle.dumps(x))
        self.assertEqual((y, y.scores), (x, x.scores))
        e = pickle.loads(pickle.dumps(libquote.UTF8Error("bad byte", None, 7)))
        self.assertEqual((type(e), str(e), e.offset), (libquote.UTF8Error, "bad byte", 7))

    def test_results_are_stable(self):
        self.assertEqual(libquote.analyze(STORY), self.doc.quotes)
        self.assertEqual(list(self.doc), self.doc.quotes)
        self.assertEqual(len(self.doc), len(self.doc.quotes))


class EdgeCasesTest(unittest.TestCase):
    def test_empty_and_quoteless_texts(self):
        self.assertEqual(libquote.analyze(""), [])
        self.assertEqual(libquote.analyze(b""), [])
        self.assertEqual(libquote.analyze("No quotes in this sentence."), [])
        self.assertEqual(libquote.speakers(""), [])

    def test_replace_keeps_original_byte_offsets(self):
        data = "He said: \u201cBad \udcff byte here.\u201d".encode("utf-8", "surrogateescape")
        with self.assertRaises(libquote.UTF8Error):
            libquote.analyze(data)
        quotes = libquote.analyze(data, errors="replace")
        q = find(quotes, "byte here")
        self.assertEqual(data[q.start:q.start + 3], "\u201c".encode())
        self.assertEqual(data[q.end - 3:q.end], "\u201d".encode())
        self.assertIn("\ufffd", q.text)

    def test_lone_surrogate_in_str(self):
        text = "He said: \u201cHalf \ud800 a pair.\u201d"
        with self.assertRaises(libquote.UTF8Error) as cm:
            libquote.analyze(text)
        self.assertEqual(cm.exception.offset, text.index("\ud800"))
        q = find(libquote.analyze(text, errors="replace"), "a pair")
        self.assertEqual(text[q.start:q.end], "\u201cHalf \ud800 a pair.\u201d")
        self.assertIn("\ufffd", q.text)

    def test_embedded_nul_is_text(self):
        text = "Before\x00 she said: \u201cStill here.\u201d"
        q = find(libquote.analyze(text), "Still here")
        self.assertEqual(text[q.start:q.end], "\u201cStill here.\u201d")

    def test_unclosed_quote(self):
        text = "She said: \u201cThis never ends and goes on"
        for q in libquote.analyze(text):
            if not q.closed:
                self.assertEqual(text[q.start], "\u201c")
                self.assertLessEqual(q.end, len(text))


if __name__ == "__main__":
    unittest.main()
