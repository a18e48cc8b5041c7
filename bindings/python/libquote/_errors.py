"""Exceptions raised by libquote.

Every failure of the C library becomes one of these, with the library's own
message as ``str(exc)`` and its status code as ``exc.code``. Bad input is a
:class:`ValueError`, an unreadable file an :class:`OSError`, so code that
already catches those keeps working; catch :class:`Error` for all of them.
Arguments of the wrong type raise a plain :class:`TypeError`, and running out
of memory a plain :class:`MemoryError`.
"""

# Status codes of libquote.h (lq_status).
OK = 0
ENOMEM = -1
EINVAL = -2
EUTF8 = -3
EIO = -4
EFORMAT = -5
ELIMIT = -6


class Error(Exception):
    """Base class of every libquote error.

    Attributes:
        code: the C library's ``lq_status`` (a negative int).
        message: the C library's message (also ``str(exc)``).
    """

    code = None

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self):
        return self.message


class InvalidArgumentError(Error, ValueError):
    """An argument has the right type but a value libquote refuses
    (an unknown normalization form, flag or format name, a closed lexicon…)."""

    code = EINVAL


class UTF8Error(Error, ValueError):
    """The input is not valid UTF-8 (and errors="strict" was asked for).

    Attributes:
        offset: where the first invalid sequence starts: a byte offset for
            bytes input, a code point index for a str (a lone surrogate), or
            None when unknown.
    """

    code = EUTF8

    def __init__(self, message, code=None, offset=None):
        super().__init__(message, code)
        self.offset = offset


class LimitError(Error, ValueError):
    """The input exceeds a documented limit of the library."""

    code = ELIMIT


class FormatError(Error, ValueError):
    """A lexicon or word-list file is malformed.

    Attributes:
        line: the 1-based line of the file that could not be read, or None.
    """

    code = EFORMAT

    def __init__(self, message, code=None, line=None):
        super().__init__(message, code)
        self.line = line


class LexiconIOError(Error, OSError):
    """A lexicon or data file could not be opened or read."""

    code = EIO

    def __init__(self, message, code=None):
        OSError.__init__(self, message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self):
        return self.message


def _from_c(code, message, offset, line):
    """Build the exception for a C failure (called by the extension)."""
    offset = None if offset < 0 else offset
    line = None if line < 0 else line
    if code == EUTF8:
        return UTF8Error(message, code, offset)
    if code == EFORMAT:
        return FormatError(message, code, line)
    if code == EIO:
        return LexiconIOError(message, code)
    if code == ELIMIT:
        return LimitError(message, code)
    if code == EINVAL:
        return InvalidArgumentError(message, code)
    return Error(message, code)
