"""Every error path raises the documented exception, with the C message."""

import os
import tempfile
import unittest

import libquote
from libquote import capi


class HierarchyTest(unittest.TestCase):
    def test_classes(self):
        E = libquote
        for cls in (E.InvalidArgumentError, E.UTF8Error, E.LimitError, E.FormatError):
            self.assertTrue(issubclass(cls, E.Error))
            self.assertTrue(issubclass(cls, ValueError))
        self.assertTrue(issubclass(E.LexiconIOError, E.Error))
        self.assertTrue(issubclass(E.LexiconIOError, OSError))
        self.assertFalse(issubclass(E.Error, ValueError))
        self.assertEqual(E.UTF8Error.code, capi.LQ_EUTF8)
        self.assertEqual(E.FormatError.code, capi.LQ_EFORMAT)
        self.assertEqual(E.LexiconIOError.code, capi.LQ_EIO)
        self.assertEqual(E.InvalidArgumentError.code, capi.LQ_EINVAL)
        self.assertEqual(E.LimitError.code, capi.LQ_ELIMIT)


class TypeErrorsTest(unittest.TestCase):
    def test_text_of_the_wrong_type(self):
        for bad in (None, 42, 4.2, ["text"], object()):
            for call in (libquote.analyze, libquote.score, libquote.explain,
                         libquote.normalize, libquote.speakers, libquote.Document):
                with self.assertRaises(TypeError, msg=f"{call.__name__}({bad!r})"):
                    call(bad)

    def test_other_arguments_of_the_wrong_type(self):
        with self.assertRaises(TypeError):
            libquote.analyze("text", lexicon="default")
        with self.assertRaises(TypeError):
            libquote.score("text", lexicon=object())
        with self.assertRaises(TypeError):
            libquote.normalize("text", form=1)
        with self.assertRaises(TypeError):
            libquote.normalize("text", errors=None)
        with self.assertRaises(TypeError):
            libquote.Lexicon(path=123)
        with self.assertRaises(TypeError):
            libquote.Lexicon(format=None)
        with self.assertRaises(TypeError):
            libquote.default_lexicon().lookup(7)

    def test_low_level_type_checks(self):
        with self.assertRaises(TypeError):
            capi.lq_lexicon_load("not a tuple")
        with self.assertRaises(TypeError):
            capi.lq_lexicon_load((1, 0, None, 0, None))
        with self.assertRaises(TypeError):
            capi.Analyzer("not a lexicon", None, 0)
        # None is not a handle (SWIG would pass it to C as NULL).
        for call in (lambda: capi.lq_score(None, "x", 0),
                     lambda: capi.lq_lexicon_size(None),
                     lambda: capi.lq_document_quote_count(None),
                     lambda: capi.lqpy_document_quotes(None, "x"),
                     lambda: capi.lqpy_explanation_tokens(None, "x"),
                     lambda: capi.lq_text_length(None)):
            with self.assertRaises(TypeError):
                call()
        # Handles of the wrong kind.
        text = capi.lq_normalize("x", 0)
        with self.assertRaises(TypeError):
            capi.lq_score(text, "x", 0)


class UTF8ErrorTest(unittest.TestCase):
    def check(self, call, data, offset):
        with self.assertRaises(libquote.UTF8Error) as cm:
            call(data)
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertIsInstance(e, libquote.Error)
        self.assertEqual(e.offset, offset, str(e))
        self.assertEqual(e.code, capi.LQ_EUTF8)
        self.assertTrue(str(e), "the C message is empty")
        self.assertEqual(str(e), e.message)

    def test_invalid_bytes(self):
        self.check(libquote.analyze, b"ok \xff then", 3)
        self.check(libquote.analyze, b"\xc3(", 0)
        self.check(libquote.normalize, b"abc\xe2\x80", 3)
        self.check(libquote.normalize, b"over\xed\xa0\x80long", 4)  # encoded surrogate
        self.check(libquote.speakers, b"\x80", 0)
        self.check(lambda d: capi.lq_utf8_validate(d), b"12\xf5", 2)

    def test_lone_surrogate_in_str(self):
        self.check(libquote.analyze, "ab\udc80", 2)
        self.check(libquote.normalize, "\ud83d", 0)

    def test_replace_mode_does_not_raise(self):
        self.assertEqual(libquote.normalize(b"a\xffb", errors="replace"), "a\ufffdb")
        self.assertEqual(libquote.normalize("a\udc80b", errors="replace"), "a\ufffdb")
        libquote.analyze(b"ok \xff then", errors="replace")
        # Scoring reads invalid sequences as U+FFFD, as the C library does.
        self.assertEqual(libquote.score(b"good \xff"), libquote.score("good \ufffd"))
        self.assertEqual(libquote.score("good \udc80"), libquote.score("good \ufffd"))


class InvalidArgumentTest(unittest.TestCase):
    def check(self, call):
        with self.assertRaises(libquote.InvalidArgumentError) as cm:
            call()
        self.assertIsInstance(cm.exception, ValueError)
        self.assertTrue(str(cm.exception))
        return cm.exception

    def test_unknown_names(self):
        self.check(lambda: libquote.normalize("x", form="NFX"))
        self.check(lambda: libquote.normalize("x", errors="ignore"))
        self.check(lambda: libquote.analyze("x", errors="surrogateescape"))
        self.check(lambda: libquote.Lexicon(format="xml"))
        self.check(lambda: libquote.Lexicon(emoji_format="png"))

    def test_unknown_flag_bits_from_c(self):
        e = self.check(lambda: capi.lq_normalize_string("x", 1 << 30))
        self.assertEqual(e.code, capi.LQ_EINVAL)
        lexicon = libquote.default_lexicon()._get()
        self.check(lambda: capi.lq_score(lexicon, "x", 1 << 30))
        self.check(lambda: libquote.default_lexicon()._analyzer(0).analyze("x", 1 << 30))

    def test_text_map_out_of_range(self):
        text = capi.lq_normalize("abc", 0)
        self.assertEqual(text.decoded(), "abc")
        self.assertEqual(capi.lq_text_source_range(text, 3), [3, 3])
        self.check(lambda: capi.lq_text_source_range(text, 4))
        self.check(lambda: capi.lq_text_source_span(text, 2, 1))

    def test_closed_lexicon(self):
        lexicon = libquote.Lexicon()
        self.assertFalse(lexicon.closed)
        lexicon.close()
        lexicon.close()
        self.assertTrue(lexicon.closed)
        self.check(lambda: libquote.score("good", lexicon))
        self.check(lambda: libquote.analyze("x", lexicon))
        self.check(lambda: len(lexicon))
        self.assertTrue(lexicon)
        self.check(lambda: lexicon.__enter__())
        self.assertIn("closed", repr(lexicon))

    def test_path_with_nul(self):
        with self.assertRaises(ValueError):
            libquote.Lexicon(path="a\x00b")


class FileErrorsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def check_io(self, **kwargs):
        with self.assertRaises(libquote.LexiconIOError) as cm:
            libquote.Lexicon(**kwargs)
        e = cm.exception
        self.assertIsInstance(e, OSError)
        self.assertIsInstance(e, libquote.Error)
        self.assertEqual(e.code, capi.LQ_EIO)
        self.assertTrue(str(e))
        return e

    def test_missing_files(self):
        missing = os.path.join(self.tmp.name, "no-such-lexicon.txt")
        e = self.check_io(path=missing)
        self.assertIn("no-such-lexicon.txt", str(e))
        self.check_io(emoji_path=missing)
        self.check_io(datadir=os.path.join(self.tmp.name, "no-such-dir"))
        self.check_io(path=self.tmp.name)  # a directory is not a lexicon

    def test_malformed_lexicon(self):
        path = self.write("bad.tsv", "# a test lexicon\nhappyish\t2.5\ngloomish\tvery\n")
        with self.assertRaises(libquote.FormatError) as cm:
            libquote.Lexicon(path=path, format="tsv")
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertIsInstance(e, libquote.Error)
        self.assertEqual(e.line, 3, str(e))
        self.assertEqual(e.code, capi.LQ_EFORMAT)
        self.assertTrue(str(e))

    def test_malformed_vader_lexicon(self):
        path = self.write("bad.vader", "happyish\t2.5\t0.5\t[2, 3]\nbroken line without tabs\n")
        with self.assertRaises(libquote.FormatError) as cm:
            libquote.Lexicon(path=path, format="vader")
        self.assertEqual(cm.exception.line, 2, str(cm.exception))

    def test_good_custom_lexicon(self):
        path = self.write("good.tsv", "# token TAB valence\nhappyish\t2.5\ngloomish\t-1.5\n")
        with libquote.Lexicon(path=path, format="tsv") as lexicon:
            self.assertEqual(lexicon.lookup("happyish"), 2.5)
            self.assertEqual(lexicon.lookup("gloomish"), -1.5)
            self.assertIsNone(lexicon.lookup("absent"))
            self.assertGreater(libquote.score("happyish", lexicon).compound, 0)
            self.assertLess(libquote.score("gloomish", lexicon).compound, 0)
        self.assertTrue(lexicon.closed)

    def test_path_like(self):
        import pathlib
        path = self.write("good.tsv", "happyish\t2.5\n")
        lexicon = libquote.Lexicon(path=pathlib.Path(path), format="tsv")
        self.assertEqual(len(lexicon), 1)
        lexicon = libquote.Lexicon(path=os.fsencode(path), format="tsv")
        self.assertEqual(len(lexicon), 1)


if __name__ == "__main__":
    unittest.main()
