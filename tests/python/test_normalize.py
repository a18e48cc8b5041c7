"""libquote.normalize: forms, options, str and bytes, errors."""

import unicodedata
import unittest

import libquote

SAMPLE = "Ame\u0301lie \u212b \ufb01ne \u00bd Stra\u00dfe \u1e9b\u0323 \uac00 \u1100\u1161 e\u0301\u0327"


class FormsTest(unittest.TestCase):
    def test_forms_agree_with_unicodedata(self):
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            self.assertEqual(libquote.normalize(SAMPLE, form), unicodedata.normalize(form, SAMPLE),
                             form)

    def test_default_is_nfc(self):
        self.assertEqual(libquote.normalize("e\u0301"), "\u00e9")
        self.assertEqual(libquote.normalize("\u00e9", form="NFD"), "e\u0301")

    def test_bytes_in_str_out(self):
        self.assertEqual(libquote.normalize("e\u0301".encode()), "\u00e9")
        self.assertEqual(libquote.normalize(bytearray(b"plain")), "plain")

    def test_embedded_nul_and_empty(self):
        self.assertEqual(libquote.normalize("a\x00e\u0301"), "a\x00\u00e9")
        self.assertEqual(libquote.normalize(""), "")
        self.assertEqual(libquote.normalize(b""), "")

    def test_long_text(self):
        text = SAMPLE * 5000
        self.assertEqual(libquote.normalize(text), unicodedata.normalize("NFC", text))


class OptionsTest(unittest.TestCase):
    def test_casefold(self):
        self.assertEqual(libquote.normalize("Stra\u00dfe", casefold=True), "strasse")
        self.assertEqual(libquote.normalize("\u039c\u0391\u03aa", casefold=True),
                         unicodedata.normalize("NFC", "\u039c\u0391\u03aa".casefold()))

    def test_ascii_quotes(self):
        self.assertEqual(libquote.normalize("\u201cIt\u2019s fine,\u201d she said",
                                            ascii_quotes=True),
                         "\"It's fine,\" she said")

    def test_ascii_dashes(self):
        self.assertEqual(libquote.normalize("2010\u20132020 \u2014 \u2212", ascii_dashes=True),
                         "2010-2020 - -")

    def test_spaces_and_newlines(self):
        self.assertEqual(libquote.normalize("a\u00a0b\u2009c", spaces=True), "a b c")
        self.assertEqual(libquote.normalize("a\r\nb\rc\u2028d", newlines=True), "a\nb\nc\nd")

    def test_strip_ignorable_and_marks(self):
        self.assertEqual(libquote.normalize("\ufeffco\u00adop\u200b", strip_ignorable=True),
                         "coop")
        self.assertEqual(libquote.normalize("Am\u00e9lie", form="NFD", strip_marks=True),
                         "Amelie")

    def test_options_combine(self):
        out = libquote.normalize("\u201cSTRA\u00dfE\u201d\u00a0\u2013", casefold=True,
                                 ascii_quotes=True, spaces=True, ascii_dashes=True)
        self.assertEqual(out, "\"strasse\" -")


class ErrorsTest(unittest.TestCase):
    def test_strict_and_replace(self):
        with self.assertRaises(libquote.UTF8Error) as cm:
            libquote.normalize(b"abc\xffdef")
        self.assertEqual(cm.exception.offset, 3)
        self.assertEqual(libquote.normalize(b"abc\xffdef", errors="replace"), "abc\ufffddef")
        # One U+FFFD per maximal subpart (Unicode 15, 3.9).
        self.assertEqual(libquote.normalize(b"\xe2\x80A", errors="replace"), "\ufffdA")
        self.assertEqual(libquote.normalize(b"\xc0\xaf", errors="replace"), "\ufffd\ufffd")


if __name__ == "__main__":
    unittest.main()
