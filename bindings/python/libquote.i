/* SWIG interface of the libquote Python bindings.
 *
 * Generates the low-level module `libquote.capi` (proxy code) over the
 * extension `libquote._libquote`. The public, Pythonic API is the package's
 * __init__.py; this layer only makes the C API safe to call from Python:
 *
 * - `(const char *text, size_t len)` takes a str (its UTF-8) or any
 *   bytes-like object; anything else is a TypeError.
 * - `lq_error *err` is hidden: a failure raises the libquote exception for its
 *   status (built by libquote._errors) with the C message, offset and line.
 * - `**out` parameters become return values; handles returned that way are
 *   owned by their Python proxy and freed with it (no *_free in Python).
 * - Borrowed structs (quotes, speakers, tokens) never reach Python: the
 *   lqpy_* helpers copy them into tuples while their owner is alive, and turn
 *   byte offsets into code point offsets when the input was a str.
 * - The GIL is released around every call that does real work, as in
 *   NLnetLabs/unbound's libunbound.i; the arguments (text, lexicon) stay
 *   referenced by the call, so nothing they point to can go away meanwhile.
 *
 * Pitfall: a directive (%exception, %newobject, %ignore…) must come before the
 * declaration it targets, or SWIG ignores it silently.
 */
%module(package="libquote") capi

%{
#define PY_SSIZE_T_CLEAN
#include <stdlib.h>
#include <string.h>
#include "libquote.h"
%}

%include "typemaps.i"

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

%{
/* Raise the libquote exception for a failure. The classes and the mapping
   from status to class live in libquote/_errors.py. */
static void lqpy_raise(lq_status status, const lq_error *e)
{
    PyObject *mod, *exc;
    const char *text = e && e->code != LQ_OK && e->text[0] ? e->text : lq_strerror(status);
    Py_ssize_t offset = -1, line = -1;

    if (e && e->code != LQ_OK) {
        status = e->code;
        if (e->offset != LQ_NO_POSITION)
            offset = (Py_ssize_t)e->offset;
        if (e->line != LQ_NO_POSITION)
            line = (Py_ssize_t)e->line;
    }
    if (status == LQ_ENOMEM) {
        PyErr_NoMemory();
        return;
    }
    mod = PyImport_ImportModule("libquote._errors");
    if (!mod)
        return;
    exc = PyObject_CallMethod(mod, "_from_c", "isnn", (int)status, text, offset, line);
    Py_DECREF(mod);
    if (!exc)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* A str that UTF-8 cannot encode (a lone surrogate) is bad input like
   invalid UTF-8 bytes: raise UTF8Error with the code point index. */
static void lqpy_raise_unencodable(void)
{
    PyObject *type, *value, *tb;
    Py_ssize_t start = -1;
    lq_error e;

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (!value || !PyErr_GivenExceptionMatches(value, PyExc_UnicodeEncodeError)) {
        PyErr_Restore(type, value, tb);
        return;
    }
    if (PyUnicodeEncodeError_GetStart(value, &start) < 0)
        PyErr_Clear();
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    memset(&e, 0, sizeof e);
    e.code = LQ_EUTF8;
    e.offset = start >= 0 ? (size_t)start : LQ_NO_POSITION;
    e.line = LQ_NO_POSITION;
    snprintf(e.text, sizeof e.text,
             "text is not valid Unicode: lone surrogate at index %zd cannot be encoded as UTF-8",
             start);
    lqpy_raise(LQ_EUTF8, &e);
}
%}

/* Status results: None on success; failures raise through `err` below. */
%typemap(out) lq_status "$result = SWIG_Py_Void();";

/* The error details are filled by C and turned into an exception. `result`
   is the wrapper's copy of the status the function returned. */
%typemap(in, numinputs=0) lq_error *err (lq_error errbuf) {
    memset(&errbuf, 0, sizeof errbuf);
    errbuf.offset = LQ_NO_POSITION;
    errbuf.line = LQ_NO_POSITION;
    $1 = &errbuf;
}
%typemap(argout) lq_error *err {
    if (result != LQ_OK || $1->code != LQ_OK) {
        Py_XDECREF($result);
        $result = NULL;
        lqpy_raise(result, $1);
        SWIG_fail;
    }
}

/* ------------------------------------------------------------------ */
/* Text input: str (as UTF-8) or a bytes-like object                   */
/* ------------------------------------------------------------------ */

%typemap(in) (const char *text, size_t len) (Py_buffer view, int have_view = 0) {
    if (PyUnicode_Check($input)) {
        Py_ssize_t n;
        $1 = (char *)PyUnicode_AsUTF8AndSize($input, &n);
        if (!$1) {
            lqpy_raise_unencodable();
            SWIG_fail;
        }
        $2 = (size_t)n;
    } else if (PyObject_CheckBuffer($input)) {
        /* The export locks the buffer (a bytearray cannot be resized) until
           freearg releases it, so it stays valid without the GIL. */
        if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
            SWIG_fail;
        have_view = 1;
        $1 = (char *)view.buf;
        $2 = (size_t)view.len;
    } else {
        PyErr_Format(PyExc_TypeError, "text must be str or bytes, not %.100s",
                     Py_TYPE($input)->tp_name);
        SWIG_fail;
    }
}
%typemap(freearg) (const char *text, size_t len) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) (const char *text, size_t len) {
    $1 = PyUnicode_Check($input) || PyObject_CheckBuffer($input);
}
%apply (const char *text, size_t len) { (const char *token, size_t len) };

/* A file-system path: bytes (os.fsencode) or None for the default. */
%typemap(in) const char *path {
    if ($input == Py_None) {
        $1 = NULL;
    } else if (PyBytes_Check($input)) {
        $1 = PyBytes_AS_STRING($input);
        if (strlen($1) != (size_t)PyBytes_GET_SIZE($input)) {
            PyErr_SetString(PyExc_ValueError, "embedded null byte in path");
            SWIG_fail;
        }
    } else {
        PyErr_Format(PyExc_TypeError, "path must be bytes or None, not %.100s",
                     Py_TYPE($input)->tp_name);
        SWIG_fail;
    }
}

/* ------------------------------------------------------------------ */
/* Results through out-parameters                                      */
/* ------------------------------------------------------------------ */

/* An owned handle: the proxy frees it with the destructor given below. */
%define LQ_OWNED_OUT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *handle = NULL) { $1 = &handle; }
%typemap(argout) TYPE **out {
    $result = SWIG_Python_AppendOutput($result,
        SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, SWIG_POINTER_OWN));
}
%enddef
LQ_OWNED_OUT(lq_text)
LQ_OWNED_OUT(lq_lexicon)
LQ_OWNED_OUT(lq_explanation)
LQ_OWNED_OUT(lq_document)

/* lq_normalize_string: the bytes become a str; the C copy is freed here. */
%typemap(in, numinputs=0) (char **out, size_t *out_len) (char *s = NULL, size_t n = 0) {
    $1 = &s;
    $2 = &n;
}
%typemap(argout) (char **out, size_t *out_len) {
    if (*$1) {
        PyObject *o = PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)*$2, "surrogateescape");
        lq_free(*$1);
        *$1 = NULL;
        if (!o) {
            Py_XDECREF($result);
            $result = NULL;
            SWIG_fail;
        }
        $result = SWIG_Python_AppendOutput($result, o);
    }
}

/* Scores come back as a (neg, neu, pos, compound) tuple. */
%typemap(in, numinputs=0) lq_scores *out (lq_scores scores) {
    memset(&scores, 0, sizeof scores);
    $1 = &scores;
}
%typemap(argout) lq_scores *out {
    PyObject *o = Py_BuildValue("(dddd)", $1->neg, $1->neu, $1->pos, $1->compound);
    if (!o) {
        Py_XDECREF($result);
        $result = NULL;
        SWIG_fail;
    }
    $result = SWIG_Python_AppendOutput($result, o);
}

/* lq_lexicon_load's options: a tuple
   (words_path, words_format, emoji_path, emoji_format, datadir), paths as
   bytes or None. The strings stay owned by the tuple for the whole call. */
%typemap(in) const lq_lexicon_options *opts (lq_lexicon_options o) {
    PyObject *p[5];
    const char *s[3] = {NULL, NULL, NULL};
    int fmt[2] = {0, 0};
    size_t i;
    if (!PyTuple_Check($input) || PyTuple_GET_SIZE($input) != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "lexicon options must be a tuple (words_path, words_format, "
                        "emoji_path, emoji_format, datadir)");
        SWIG_fail;
    }
    for (i = 0; i < 5; i++)
        p[i] = PyTuple_GET_ITEM($input, i);
    for (i = 0; i < 3; i++) {
        PyObject *v = p[i == 0 ? 0 : i == 1 ? 2 : 4];
        if (v == Py_None)
            continue;
        if (!PyBytes_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "lexicon paths must be bytes or None");
            SWIG_fail;
        }
        s[i] = PyBytes_AS_STRING(v);
        if (strlen(s[i]) != (size_t)PyBytes_GET_SIZE(v)) {
            PyErr_SetString(PyExc_ValueError, "embedded null byte in path");
            SWIG_fail;
        }
    }
    for (i = 0; i < 2; i++) {
        long f = PyLong_AsLong(p[i == 0 ? 1 : 3]);
        if (f == -1 && PyErr_Occurred())
            SWIG_fail;
        fmt[i] = (int)f;
    }
    memset(&o, 0, sizeof o);
    o.words_path = s[0];
    o.words_format = (lq_lexicon_format)fmt[0];
    o.emoji_path = s[1];
    o.emoji_format = (lq_emoji_format)fmt[1];
    o.datadir = s[2];
    $1 = &o;
}

/* lq_lexicon_lookup: (found, valence). */
%apply double *OUTPUT { double *valence };

/* lq_text_source_range / lq_text_source_span: (start, end), or an error. */
%apply size_t *OUTPUT { size_t *start, size_t *end };
%typemap(out) lq_status lq_text_source_range, lq_status lq_text_source_span {
    if ($1 != LQ_OK) {
        lqpy_raise($1, NULL);
        SWIG_fail;
    }
    $result = SWIG_Py_Void();
}

/* ------------------------------------------------------------------ */
/* The GIL is released while C works                                   */
/* ------------------------------------------------------------------ */

%define LQ_NOGIL(FUNCTION)
%exception FUNCTION {
    Py_BEGIN_ALLOW_THREADS
    $action
    Py_END_ALLOW_THREADS
}
%enddef
LQ_NOGIL(lq_normalize)
LQ_NOGIL(lq_normalize_string)
LQ_NOGIL(lq_utf8_validate)
LQ_NOGIL(lq_lexicon_load)
LQ_NOGIL(lq_score)
LQ_NOGIL(lq_explain)
LQ_NOGIL(lqpy_analyzer::analyze)

/* ------------------------------------------------------------------ */
/* Handles are never None                                              */
/* ------------------------------------------------------------------ */

/* SWIG passes None as a NULL pointer; the C functions would take it for a
   handle. */
%define LQ_NONNULL(TYPE)
%typemap(check) TYPE *, const TYPE * {
    if (!$1) {
        PyErr_SetString(PyExc_TypeError, "expected " #TYPE ", got None");
        SWIG_fail;
    }
}
%enddef
LQ_NONNULL(lq_text)
LQ_NONNULL(lq_lexicon)
LQ_NONNULL(lq_explanation)
LQ_NONNULL(lq_document)
LQ_NONNULL(lqpy_analyzer)

/* ------------------------------------------------------------------ */
/* Opaque handles, each freed by its proxy                             */
/* ------------------------------------------------------------------ */

%define LQ_HANDLE(TYPE, FREE)
%nodefaultctor TYPE;
%nodefaultdtor TYPE;
typedef struct TYPE {} TYPE;
%extend TYPE {
    ~TYPE() { FREE($self); }
}
%enddef
LQ_HANDLE(lq_text, lq_text_free)
LQ_HANDLE(lq_lexicon, lq_lexicon_free)
LQ_HANDLE(lq_explanation, lq_explanation_free)
LQ_HANDLE(lq_document, lq_document_free)

/* The normalized bytes with their length (lq_text_data alone would stop at
   an embedded NUL). */
%extend lq_text {
    PyObject *decoded() {
        return PyUnicode_DecodeUTF8(lq_text_data($self), (Py_ssize_t)lq_text_length($self),
                                    "surrogateescape");
    }
}

/* ------------------------------------------------------------------ */
/* An analyzer together with the lexicon it borrows                    */
/* ------------------------------------------------------------------ */

%{
/* lq_analyzer borrows its lexicon, which must outlive it: the analyzer
   keeps a reference to the lexicon's proxy and drops it after freeing the
   analyzer. */
typedef struct lqpy_analyzer {
    lq_analyzer *az;
    PyObject *lexicon;   /* the lq_lexicon proxy, or NULL */
} lqpy_analyzer;

static lqpy_analyzer *lqpy_az_new(PyObject *lexicon, const char *path,
                                        unsigned sentiment_flags)
{
    lq_analyzer_options opts;
    lq_lexicon *lex = NULL;
    lqpy_analyzer *a;
    lq_error err;
    lq_status st;

    if (lexicon != Py_None &&
        !SWIG_IsOK(SWIG_ConvertPtr(lexicon, (void **)&lex, SWIGTYPE_p_lq_lexicon, 0))) {
        PyErr_SetString(PyExc_TypeError, "lexicon must be an lq_lexicon or None");
        return NULL;
    }
    a = (lqpy_analyzer *)PyMem_Calloc(1, sizeof *a);
    if (!a) {
        PyErr_NoMemory();
        return NULL;
    }
    memset(&opts, 0, sizeof opts);
    opts.lexicon = lex;
    opts.datadir = path;
    opts.sentiment_flags = sentiment_flags;
    memset(&err, 0, sizeof err);
    Py_BEGIN_ALLOW_THREADS
    st = lq_analyzer_new(&opts, &a->az, &err);
    Py_END_ALLOW_THREADS
    if (st != LQ_OK) {
        lqpy_raise(st, &err);
        PyMem_Free(a);
        return NULL;
    }
    if (lex) {
        a->lexicon = lexicon;
        Py_INCREF(lexicon);
    }
    return a;
}

static void lqpy_az_free(lqpy_analyzer *a)
{
    if (!a)
        return;
    lq_analyzer_free(a->az);
    Py_XDECREF(a->lexicon);
    PyMem_Free(a);
}
%}

%nodefaultctor lqpy_analyzer;
%nodefaultdtor lqpy_analyzer;
%rename(Analyzer) lqpy_analyzer;
typedef struct lqpy_analyzer {} lqpy_analyzer;
%exception lqpy_analyzer::lqpy_analyzer {
    $action
    if (!result)
        SWIG_fail;
}
%extend lqpy_analyzer {
    /* Analyzer(lexicon or None, datadir bytes or None, sentiment flags) */
    lqpy_analyzer(PyObject *lexicon, const char *path, unsigned sentiment_flags) {
        return lqpy_az_new(lexicon, path, sentiment_flags);
    }
    ~lqpy_analyzer() { lqpy_az_free($self); }
    /* Analyze a text: an owned lq_document. */
    lq_status analyze(const char *text, size_t len, unsigned flags, lq_document **out,
                      lq_error *err) {
        return lq_analyze($self->az, text, len, flags, out, err);
    }
}

/* ------------------------------------------------------------------ */
/* Copying borrowed results into Python objects                        */
/* ------------------------------------------------------------------ */

%{
/* Byte offsets -> code point offsets of the str the caller passed, in one
   pass over its UTF-8: a cursor that moves forward (and, rarely, back) and
   counts lead bytes. Identity for bytes input and ASCII strs. */
typedef struct lqpy_offsets {
    const unsigned char *s;  /* UTF-8 of a non-ASCII str, or NULL: identity */
    size_t len;
    size_t byte;             /* cursor */
    size_t cp;               /* code points in s[0, byte) */
} lqpy_offsets;

static int lqpy_offsets_init(lqpy_offsets *m, PyObject *source)
{
    memset(m, 0, sizeof *m);
    if (source && PyUnicode_Check(source) && !PyUnicode_IS_ASCII(source)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(source, &n);  /* cached by the call */
        if (!s)
            return -1;
        m->s = (const unsigned char *)s;
        m->len = (size_t)n;
    }
    return 0;
}

static Py_ssize_t lqpy_offsets_map(lqpy_offsets *m, size_t off)
{
    if (!m->s)
        return (Py_ssize_t)off;
    if (off > m->len)
        off = m->len;
    while (m->byte < off)
        m->cp += (m->s[m->byte++] & 0xC0) != 0x80;
    while (m->byte > off)
        m->cp -= (m->s[--m->byte] & 0xC0) != 0x80;
    return (Py_ssize_t)m->cp;
}

static PyObject *lqpy_str(const char *s, size_t n)
{
    if (!s)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "replace");
}

static PyObject *lqpy_cstr(const char *s)
{
    return lqpy_str(s, s ? strlen(s) : 0);
}
%}

%inline %{
/* The quotes of a document as tuples
   (start, end, text, kind, speaker, role, cue, method, speaker_index, closed,
    neg, neu, pos, compound), offsets in the units of `source`. */
static PyObject *lqpy_document_quotes(const lq_document *doc, PyObject *source)
{
    size_t i, n = lq_document_quote_count(doc);
    lqpy_offsets m;
    PyObject *list;

    if (lqpy_offsets_init(&m, source) < 0)
        return NULL;
    list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (i = 0; i < n; i++) {
        const lq_quote *q = lq_document_quote(doc, i);
        Py_ssize_t start = lqpy_offsets_map(&m, q->start);
        Py_ssize_t end = lqpy_offsets_map(&m, q->end);
        PyObject *t = Py_BuildValue("(nnNsNNNsnNdddd)", start, end,
                                    lqpy_str(q->text, q->text_len),
                                    lq_quote_kind_name(q->kind),
                                    lqpy_cstr(q->speaker), lqpy_cstr(q->role),
                                    lqpy_cstr(q->cue), lq_method_name(q->method),
                                    (Py_ssize_t)q->speaker_index,
                                    PyBool_FromLong(q->closed),
                                    q->scores.neg, q->scores.neu, q->scores.pos,
                                    q->scores.compound);
        if (!t) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

/* The speakers of a document as tuples (name, role, kind, quote_count). */
static PyObject *lqpy_document_speakers(const lq_document *doc)
{
    size_t i, n = lq_document_speaker_count(doc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (i = 0; i < n; i++) {
        const lq_speaker *s = lq_document_speaker(doc, i);
        PyObject *t = Py_BuildValue("(NNin)", lqpy_cstr(s->name), lqpy_cstr(s->role),
                                    (int)s->kind, (Py_ssize_t)s->quote_count);
        if (!t) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

/* The tokens of an explanation as tuples
   (text, start, end, valence, contribution, rules), start/end None for words
   that came from an emoji description, offsets in the units of `source`. */
static PyObject *lqpy_explanation_tokens(const lq_explanation *x, PyObject *source)
{
    size_t i, n = lq_explanation_count(x);
    lqpy_offsets m;
    PyObject *list;

    if (lqpy_offsets_init(&m, source) < 0)
        return NULL;
    list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (i = 0; i < n; i++) {
        const lq_token *tk = lq_explanation_token(x, i);
        PyObject *start, *end, *t;
        if (tk->start == LQ_NO_POSITION || tk->end == LQ_NO_POSITION) {
            start = Py_None;
            end = Py_None;
            Py_INCREF(start);
            Py_INCREF(end);
        } else {
            start = PyLong_FromSsize_t(lqpy_offsets_map(&m, tk->start));
            end = PyLong_FromSsize_t(lqpy_offsets_map(&m, tk->end));
        }
        t = Py_BuildValue("(NNNddI)", lqpy_cstr(tk->text), start, end, tk->valence,
                          tk->contribution, tk->rules);
        if (!t) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

/* The scores of an explanation as (neg, neu, pos, compound). */
static PyObject *lqpy_explanation_scores(const lq_explanation *x)
{
    lq_scores s = lq_explanation_scores(x);
    return Py_BuildValue("(dddd)", s.neg, s.neu, s.pos, s.compound);
}
%}

/* ------------------------------------------------------------------ */
/* The public header, minus what the helpers above replace             */
/* ------------------------------------------------------------------ */

#define LQ_API
/* Freed by the proxies; calling them from Python would free twice. */
%ignore lq_free;
%ignore lq_text_free;
%ignore lq_lexicon_free;
%ignore lq_explanation_free;
%ignore lq_document_free;
%ignore lq_analyzer_free;
/* Replaced by the Analyzer class, which keeps its lexicon alive. */
%ignore lq_analyzer_new;
%ignore lq_analyze;
%ignore lq_analyzer;
%ignore lq_analyzer_options;
/* Borrowed structs: copied by the lqpy_* helpers instead. */
%ignore lq_quote;
%ignore lq_speaker;
%ignore lq_token;
%ignore lq_document_quote;
%ignore lq_document_speaker;
%ignore lq_explanation_token;
%ignore lq_explanation_scores;
%ignore lq_text_data;
/* Errors are exceptions; options are tuples. */
%ignore lq_error;
%ignore lq_lexicon_options;
%ignore lq_scores;
%ignore LQ_NO_POSITION;

%include "libquote_version.h"
%include "libquote.h"
