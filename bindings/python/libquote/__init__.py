"""libquote: who said what in news text, and how did it sound.

Python bindings of the libquote C library. The work is done in C; this module
gives it a Pythonic shape::

    import libquote
    text = open("story.txt", encoding="utf-8").read()
    for q in libquote.analyze(text):
        print(q.speaker, q.role, q.scores.compound, text[q.start:q.end])

Text may be a ``str`` or a bytes-like object holding UTF-8. Offsets index
what you passed: for a ``str``, ``start``/``end`` are code point indices (so
``text[q.start:q.end]`` is the quote with its marks); for ``bytes`` they are
byte offsets (the C library's own unit). Strings that come back are ``str``.

Failures raise :class:`Error` subclasses carrying the C library's message:
:class:`UTF8Error`, :class:`InvalidArgumentError`, :class:`FormatError` and
:class:`LimitError` are also :class:`ValueError`; :class:`LexiconIOError` is an
:class:`OSError`. Arguments of the wrong type raise :class:`TypeError`.

Threads: the GIL is released while C works, so threads analyze in parallel,
and one :class:`Lexicon` (including the default one) may be shared by any
number of threads.
"""

import os
import re
import threading
from collections import namedtuple

from . import capi as _c
from ._errors import (Error, FormatError, InvalidArgumentError, LexiconIOError,
                      LimitError, UTF8Error)

__all__ = [
    "analyze", "speakers", "Document", "Quote", "Speaker", "score", "Scores",
    "explain", "Explanation", "Token", "normalize", "Lexicon", "default_lexicon",
    "Error", "InvalidArgumentError", "UTF8Error", "LimitError", "FormatError",
    "LexiconIOError", "__version__",
]

#: Version of the C library in use (``lq_version()``), e.g. ``"0.1.0"``.
__version__ = _c.lq_version()

_WORD_FORMATS = {
    "auto": _c.LQ_LEX_AUTO,
    "vader": _c.LQ_LEX_VADER,
    "afinn": _c.LQ_LEX_AFINN,
    "tsv": _c.LQ_LEX_TSV,
}
_EMOJI_FORMATS = {
    "auto": _c.LQ_EMOJI_AUTO,
    "vader": _c.LQ_EMOJI_VADER,
    "unicode": _c.LQ_EMOJI_UNICODE,
}
_FORMS = {
    "NFC": _c.LQ_NORM_NFC,
    "NFD": _c.LQ_NORM_NFD,
    "NFKC": _c.LQ_NORM_NFKC,
    "NFKD": _c.LQ_NORM_NFKD,
}
_SPEAKER_KINDS = {
    _c.LQ_SPEAKER_PERSON: "person",
    _c.LQ_SPEAKER_ORGANIZATION: "organization",
    _c.LQ_SPEAKER_UNKNOWN: "unknown",
}
_RULE_BITS = tuple((1 << i, _c.lq_rule_name(1 << i)) for i in range(32)
                   if _c.lq_rule_name(1 << i))

# Lone surrogates: a str holding one cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _choice(value, table, what):
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    try:
        return table[value]
    except KeyError:
        known = ", ".join(repr(k) for k in table)
        raise InvalidArgumentError(f"unknown {what} {value!r} (expected one of {known})",
                                   _c.LQ_EINVAL) from None


def _replace_flag(errors):
    if errors == "strict":
        return False
    if errors == "replace":
        return True
    if not isinstance(errors, str):
        raise TypeError(f"errors must be str, not {type(errors).__name__}")
    raise InvalidArgumentError(f"unknown errors mode {errors!r} (expected 'strict' or 'replace')",
                               _c.LQ_EINVAL)


def _sentiment_flags(fixes, normalize):
    return (_c.LQ_SENT_FIXES if fixes else 0) | (_c.LQ_SENT_NORMALIZE if normalize else 0)


def _path(value, what):
    if value is None:
        return None
    try:
        return os.fsencode(value)
    except TypeError:
        raise TypeError(f"{what} must be a path (str, bytes or os.PathLike) or None, "
                        f"not {type(value).__name__}") from None


def _text_call(function, text, replace, *args):
    """Call function(text, *args); with replace, a str holding lone
    surrogates is retried with U+FFFD in their place (same code point
    offsets), as the C library does for invalid bytes."""
    try:
        return function(text, *args), text
    except UTF8Error:
        if replace and isinstance(text, str) and _SURROGATE.search(text):
            text = _SURROGATE.sub("\ufffd", text)
            return function(text, *args), text
        raise


# ---------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------

class Lexicon:
    """A loaded sentiment lexicon with its rule lists; immutable, thread-safe.

    ``Lexicon()`` loads the bundled defaults (from ``datadir``, else
    ``$LIBQUOTE_DATADIR``, else the installed data directory). ``path`` is a
    word lexicon in ``format`` "auto", "vader" (token TAB mean TAB stddev…),
    "afinn" (word TAB -5..+5) or "tsv" (token TAB valence); ``emoji_path`` an
    emoji lexicon in ``emoji_format`` "auto", "vader" or "unicode"
    (emoji-test.txt).

    Raises LexiconIOError (an OSError) when a file cannot be read,
    FormatError (a ValueError, with ``.line``) when one is malformed.

    A lexicon may be shared by any number of threads. Use it as a context
    manager, or call :meth:`close`, to release it early; otherwise it is
    released with its last reference. Calls in progress in other threads keep
    it alive until they return.
    """

    def __init__(self, path=None, format="auto", emoji_path=None, emoji_format="auto",
                 datadir=None):
        options = (_path(path, "path"), _choice(format, _WORD_FORMATS, "lexicon format"),
                   _path(emoji_path, "emoji_path"),
                   _choice(emoji_format, _EMOJI_FORMATS, "emoji format"),
                   _path(datadir, "datadir"))
        self._handle = _c.lq_lexicon_load(options)
        self._datadir = options[4]
        self._path = path
        self._analyzers = {}
        self._lock = threading.Lock()

    def _get(self):
        handle = self._handle
        if handle is None:
            raise InvalidArgumentError("the lexicon is closed", _c.LQ_EINVAL)
        return handle

    def _analyzer(self, sentiment_flags):
        """The attribution analyzer scoring with this lexicon (built once)."""
        analyzer = self._analyzers.get(sentiment_flags)
        if analyzer is None:
            with self._lock:
                handle = self._get()
                analyzer = self._analyzers.get(sentiment_flags)
                if analyzer is None:
                    analyzer = _c.Analyzer(handle, self._datadir, sentiment_flags)
                    self._analyzers[sentiment_flags] = analyzer
        return analyzer

    @property
    def closed(self):
        """True once :meth:`close` was called."""
        return self._handle is None

    def close(self):
        """Release the lexicon now. Later calls with it raise
        InvalidArgumentError; closing twice does nothing."""
        with self._lock:
            self._handle = None
            self._analyzers = {}

    def __enter__(self):
        self._get()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __bool__(self):
        # A lexicon is an object, not a container to test for emptiness.
        return True

    def __len__(self):
        """Number of distinct word entries."""
        return _c.lq_lexicon_size(self._get())

    def lookup(self, token):
        """Valence of ``token`` as stored (lower-cased key), or None."""
        found, valence = _c.lq_lexicon_lookup(self._get(), token)
        return valence if found else None

    def __contains__(self, token):
        return self.lookup(token) is not None

    def __repr__(self):
        if self._handle is None:
            return "<libquote.Lexicon closed>"
        source = "default" if self._path is None else repr(os.fspath(self._path))
        return f"<libquote.Lexicon {source}, {len(self)} words>"


_default = None
_default_lock = threading.Lock()


def default_lexicon():
    """The bundled default lexicon, loaded on first use, once, thread-safely."""
    global _default
    lexicon = _default
    if lexicon is None:
        with _default_lock:
            if _default is None:
                _default = Lexicon()
            lexicon = _default
    return lexicon


def _lexicon(lexicon):
    if lexicon is None:
        return default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    raise TypeError(f"lexicon must be a libquote.Lexicon or None, not {type(lexicon).__name__}")


# ---------------------------------------------------------------------------
# Sentiment
# ---------------------------------------------------------------------------

class Scores(namedtuple("Scores", "neg neu pos compound")):
    """VADER's four numbers: proportions ``neg``, ``neu``, ``pos`` (sum 1, or
    0 for empty text; 3 decimals) and ``compound`` in [-1, 1] (4 decimals)."""

    __slots__ = ()

    def as_dict(self):
        """The scores as a plain dict."""
        return dict(self._asdict())


def score(text, lexicon=None, *, fixes=False, normalize=False):
    """Sentiment of ``text`` (str or UTF-8 bytes) as :class:`Scores`.

    By default exactly the reference VADER. ``fixes`` corrects its outright
    bugs; ``normalize`` scores the text after typographic normalization, so
    curly and straight quotes, dashes and spaces score alike. Invalid UTF-8 is
    scored as U+FFFD.
    """
    lex = _lexicon(lexicon)._get()
    flags = _sentiment_flags(fixes, normalize)
    values, _ = _text_call(lambda t: _c.lq_score(lex, t, flags), text, True)
    return Scores._make(values)


class Token(namedtuple("Token", "text start end valence contribution rules")):
    """One token of an explanation: ``text`` as scored, ``start``/``end`` in
    the units of the input (None for words of an emoji description), the
    lexicon ``valence``, its final ``contribution`` and the names of the
    ``rules`` that changed it ("negated", "boosted"…)."""

    __slots__ = ()

    def as_dict(self):
        """The token as a plain dict."""
        d = dict(self._asdict())
        d["rules"] = list(self.rules)
        return d


class Explanation(list):
    """The tokens of a scored text (a list of :class:`Token`), with the
    ``scores`` they add up to."""

    def __init__(self, tokens, scores):
        super().__init__(tokens)
        self.scores = scores

    def __repr__(self):
        return f"Explanation({list.__repr__(self)}, scores={self.scores!r})"


def _rule_names(bits):
    return tuple(name for bit, name in _RULE_BITS if bits & bit)


def explain(text, lexicon=None, *, fixes=False, normalize=False):
    """Score ``text`` like :func:`score` and tell why, token by token.

    Returns an :class:`Explanation`: a list of :class:`Token` records with a
    ``scores`` attribute.
    """
    lex = _lexicon(lexicon)._get()
    flags = _sentiment_flags(fixes, normalize)
    x, text = _text_call(lambda t: _c.lq_explain(lex, t, flags), text, True)
    tokens = [Token(t, s, e, v, c, _rule_names(r))
              for t, s, e, v, c, r in _c.lqpy_explanation_tokens(x, text)]
    return Explanation(tokens, Scores._make(_c.lqpy_explanation_scores(x)))


# ---------------------------------------------------------------------------
# Quotes and speakers
# ---------------------------------------------------------------------------

class Quote:
    """One direct quote.

    Attributes:
        text: the words quoted, without the outer marks, NFC.
        start, end: where the quote is in the input, marks included:
            ``text_passed[q.start:q.end]``. Code point indices for a str,
            byte offsets for bytes. Unclosed quotes end after their last
            quoted character.
        kind: "full", "partial", "continuation" or "other".
        speaker: the speaker's canonical name, or None.
        role: the speaker's role as the text gives it, or None.
        cue: the speech verb or phrase, or None.
        method: the attribution rule that fired ("cue", "according-to"…).
        speaker_index: index into the document's speakers, or -1.
        closed: False when the closing mark was never found.
        scores: the :class:`Scores` of the quoted words.
    """

    __slots__ = ("text", "start", "end", "kind", "speaker", "role", "cue", "method",
                 "speaker_index", "closed", "scores")

    def __init__(self, text, start, end, kind, speaker=None, role=None, cue=None,
                 method="none", speaker_index=-1, closed=True, scores=None):
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind
        self.speaker = speaker
        self.role = role
        self.cue = cue
        self.method = method
        self.speaker_index = speaker_index
        self.closed = closed
        self.scores = scores if scores is not None else Scores(0.0, 0.0, 0.0, 0.0)

    @classmethod
    def _from_c(cls, t):
        (start, end, text, kind, speaker, role, cue, method, speaker_index, closed,
         neg, neu, pos, compound) = t
        return cls(text, start, end, kind, speaker, role, cue, method, speaker_index,
                   closed, Scores(neg, neu, pos, compound))

    def as_dict(self):
        """The quote as a plain dict (scores as a nested dict)."""
        d = {name: getattr(self, name) for name in self.__slots__}
        d["scores"] = self.scores.as_dict()
        return d

    def __eq__(self, other):
        if not isinstance(other, Quote):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None

    def __repr__(self):
        text = self.text if len(self.text) <= 40 else self.text[:39] + "\u2026"
        return (f"Quote({text!r}, start={self.start}, end={self.end}, kind={self.kind!r}, "
                f"speaker={self.speaker!r}, role={self.role!r}, cue={self.cue!r}, "
                f"compound={self.scores.compound})")


class Speaker(namedtuple("Speaker", "name role kind quote_count")):
    """One speaker of a document: canonical ``name``, ``role`` (or None),
    ``kind`` ("person", "organization" or "unknown") and ``quote_count``."""

    __slots__ = ()

    def as_dict(self):
        """The speaker as a plain dict."""
        return dict(self._asdict())


class Document:
    """The quotes and speakers of one text.

    ``Document(text, lexicon=None, errors="strict", fixes=False,
    normalize=False)`` analyzes ``text`` (str or UTF-8 bytes): ``quotes`` is
    the list of :class:`Quote` in text order, ``speakers`` the list of
    :class:`Speaker` (``quote.speaker_index`` indexes it). Quotes are scored
    with ``lexicon`` (default: the bundled one); ``fixes``/``normalize`` as
    in :func:`score`. With ``errors="replace"`` invalid UTF-8 is read as
    U+FFFD instead of raising UTF8Error.
    """

    __slots__ = ("text", "quotes", "speakers")

    def __init__(self, text, lexicon=None, *, errors="strict", fixes=False, normalize=False):
        replace = _replace_flag(errors)
        analyzer = _lexicon(lexicon)._analyzer(_sentiment_flags(fixes, normalize))
        flags = _c.LQ_ANALYZE_REPLACE_INVALID if replace else _c.LQ_ANALYZE_DEFAULT
        doc, source = _text_call(lambda t: analyzer.analyze(t, flags), text, replace)
        self.text = text
        self.quotes = [Quote._from_c(t) for t in _c.lqpy_document_quotes(doc, source)]
        self.speakers = [Speaker(name, role, _SPEAKER_KINDS.get(kind, "unknown"), count)
                         for name, role, kind, count in _c.lqpy_document_speakers(doc)]

    def __iter__(self):
        return iter(self.quotes)

    def __len__(self):
        return len(self.quotes)

    def as_dict(self):
        """The document as plain dicts and lists (JSON-ready)."""
        return {"quotes": [q.as_dict() for q in self.quotes],
                "speakers": [s.as_dict() for s in self.speakers]}

    def __repr__(self):
        return f"<libquote.Document: {len(self.quotes)} quotes, {len(self.speakers)} speakers>"


def analyze(text, lexicon=None, *, errors="strict", fixes=False, normalize=False):
    """Find every direct quote in ``text`` and attribute it.

    Returns a list of :class:`Quote` in text order; see :class:`Document`
    for the arguments and for the speakers.
    """
    return Document(text, lexicon, errors=errors, fixes=fixes, normalize=normalize).quotes


def speakers(text, lexicon=None, *, errors="strict"):
    """The speakers of ``text``: a list of :class:`Speaker`, in order of
    first appearance."""
    return Document(text, lexicon, errors=errors).speakers


# ---------------------------------------------------------------------------
# Normalization
# ---------------------------------------------------------------------------

def normalize(text, form="NFC", *, casefold=False, strip_ignorable=False, newlines=False,
              spaces=False, ascii_quotes=False, ascii_dashes=False, strip_marks=False,
              errors="strict"):
    """Normalize ``text`` (str or UTF-8 bytes) and return a str.

    ``form`` is "NFC", "NFD", "NFKC" or "NFKD". Options: ``casefold`` (full
    Unicode case folding), ``strip_ignorable`` (drop BOM, ZWSP, soft hyphens…),
    ``newlines`` (CRLF, CR, NEL, LS, PS become LF), ``spaces`` (every space
    separator becomes U+0020), ``ascii_quotes`` (typographic quotes and
    apostrophes become " and '), ``ascii_dashes`` (dashes and minus become
    "-"), ``strip_marks`` (drop combining marks). With ``errors="replace"``
    invalid UTF-8 becomes U+FFFD instead of raising UTF8Error.
    """
    flags = _choice(form, _FORMS, "normalization form")
    replace = _replace_flag(errors)
    for on, bit in ((casefold, _c.LQ_NORM_CASEFOLD),
                    (strip_ignorable, _c.LQ_NORM_STRIP_IGNORABLE),
                    (newlines, _c.LQ_NORM_NEWLINES),
                    (spaces, _c.LQ_NORM_SPACES),
                    (ascii_quotes, _c.LQ_NORM_ASCII_QUOTES),
                    (ascii_dashes, _c.LQ_NORM_ASCII_DASHES),
                    (strip_marks, _c.LQ_NORM_STRIP_MARKS),
                    (replace, _c.LQ_NORM_REPLACE_INVALID)):
        if on:
            flags |= bit
    result, _ = _text_call(lambda t: _c.lq_normalize_string(t, flags), text, replace)
    return result
