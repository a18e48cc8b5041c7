"""The reference article through libquote.analyze gives the same quotes,
speakers, roles and scores as the command-line tool (`quote extract`)."""

import unittest

import libquote

import lqtest

FIELDS = ("text", "kind", "speaker", "role", "cue", "method", "closed")
SCORES = ("neg", "neu", "pos", "compound")


class ReferenceArticleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = lqtest.shared_path("seed", "kazakhstan-election.txt")
        with open(cls.path, "rb") as f:
            cls.data = f.read()
        cls.text = cls.data.decode("utf-8")
        cls.cli = lqtest.jsonl(lqtest.run_cli("extract", "--format=jsonl", cls.path))
        cls.doc_bytes = libquote.Document(cls.data)
        cls.doc = libquote.Document(cls.text)

    def test_same_quotes_as_the_cli(self):
        self.assertTrue(self.cli, "the CLI found no quote in the reference article")
        self.assertEqual(len(self.doc_bytes.quotes), len(self.cli))
        for i, (q, c) in enumerate(zip(self.doc_bytes.quotes, self.cli)):
            # Bytes in, byte offsets out: the CLI's own unit.
            self.assertEqual((q.start, q.end), (c["start"], c["end"]), f"quote {i}")
            for field in FIELDS:
                self.assertEqual(getattr(q, field), c[field], f"quote {i}: {field}")
            for field in SCORES:
                self.assertIsNotNone(c[field], f"quote {i}: the CLI gave no {field}")
                self.assertAlmostEqual(getattr(q.scores, field), c[field], delta=1e-9,
                                       msg=f"quote {i}: {field}")
        print(f"{len(self.cli)} quotes identical to `quote extract --format=jsonl`")

    def test_str_offsets_index_the_str(self):
        self.assertEqual(len(self.doc.quotes), len(self.cli))
        for q, c in zip(self.doc.quotes, self.cli):
            self.assertEqual(self.text[q.start:q.end],
                             self.data[c["start"]:c["end"]].decode("utf-8"))
            self.assertEqual(q.start, len(self.data[:c["start"]].decode("utf-8")))
            self.assertEqual(q.end, len(self.data[:c["end"]].decode("utf-8")))
            for field in FIELDS:
                self.assertEqual(getattr(q, field), c[field])

    def test_same_speakers_as_the_cli(self):
        table = lqtest.run_cli("extract", "--format=table", self.path).decode("utf-8")
        self.assertIn("\nSpeakers:\n", table)
        listed = table.split("\nSpeakers:\n", 1)[1].splitlines()
        expected = []
        for s in self.doc.speakers:
            line = f"  {s.quote_count:3d}  {s.name}"
            if s.role:
                line += f", {s.role}"
            if s.kind == "organization":
                line += " (organisation)"
            expected.append(line)
        self.assertEqual([line for line in listed if line.strip()], expected)
        self.assertEqual(self.doc.speakers, self.doc_bytes.speakers)

    def test_quote_scores_are_score_of_the_text(self):
        for q in self.doc.quotes:
            self.assertEqual(q.scores, libquote.score(q.text), q)


if __name__ == "__main__":
    unittest.main()
