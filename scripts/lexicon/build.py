#!/usr/bin/python3
"""Build lexicons/en-sentiment.tsv from the hand-written sources in src/.

Usage: build.py [--check] [--out PATH]

Source format (src/*.txt, UTF-8).  '#' starts a comment line.  Every other line is

    VALENCE  ENTRY [ENTRY ...]

where VALENCE is a number in [-4, 4] given to every form of every ENTRY on the line,
and an ENTRY is WORD or WORD:FLAGS or WORD:FLAGS(FORM,FORM...):

    (no flags)  exactly this token (also emoticons, slang, irregular forms)
    \\TOKEN      exactly TOKEN, even when it looks like WORD:FLAGS (">:c")
    n           noun: WORD and its plural (-s, -es, -ies)
    v           verb: WORD, -s, -ed, -ing (drops a final e, y -> ied/ies)
    V           verb whose final consonant doubles: ban -> banned, banning
    (A,B)       with v/V: irregular past forms replacing -ed (win:V(won) -> won)
                with n: irregular plural forms replacing -s (crisis:n(crises))
    l           adjective with an -ly adverb (happy -> happily, tragic -> tragically)
    c           adjective with -er/-est (kind -> kinder, kindest)
    C           the same with a doubled consonant (sad -> sadder, saddest)

Flags combine (e.g. "love:vn", "hard:c").  A token written with no flags is explicit
and wins over a generated form of another entry; two explicit entries, or two
generated forms, with different valences are an error, so every conflict is resolved
by hand in the sources.  Tokens listed in src/exclude.list (the engine's booster,
dampener and negation words) are never emitted, even when generated, and an
explicit token the engine's tokenizer could never produce (such as "<3<3", which it
strips to "3<3") is an error.  Output: a header, then sorted unique
token<TAB>valence lines.
Standard library only; run with /usr/bin/python3.
"""

import argparse
import glob
import os
import re
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
VOWELS = "aeiou"

HEADER = """\
# libquote default English sentiment lexicon
#
# Format: UTF-8 text, one entry per line: token<TAB>valence.  Tokens are lower case
#   (lookups are lower-cased); emoticon tokens keep their inner punctuation.  Lines
#   starting with '#' are comments.  Entries are sorted and every token is unique.
# Scale: VADER's, -4 (extremely negative) .. +4 (extremely positive), one decimal
#   place.  Neutral words are omitted.  Booster/dampener words and negations are not
#   valenced here: the engine takes them from its own rule lists.
# Made by: the libquote authors, by hand.  Each base word was rated from the authors'
#   own judgement of how a typical English reader of news would feel about it, with
#   news senses preferred for polysemous words ("charge", "fire", "shot", "attack").
#   Inflected forms were expanded from the base words by scripts/lexicon/build.py from
#   the sources in scripts/lexicon/src/.  Not copied or derived from any published
#   lexicon.  See en-sentiment.md.
# Licence: CC0 1.0 Universal (public domain dedication).  To the extent possible
#   under law, the libquote authors have waived all copyright and related rights to
#   this file.  https://creativecommons.org/publicdomain/zero/1.0/
# Version: %(version)s (%(date)s), %(count)d entries.
"""

VERSION = "1.0"
DATE = "2026-11-25"


def plural(w):
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    return w + "s"


def third(w):
    if re.search(r"(s|x|z|ch|sh|o)$", w) and not w.endswith("oo"):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    return w + "s"


def past(w, double):
    if double:
        return w + w[-1] + "ed"
    if w.endswith("e"):
        return w + "d"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ied"
    if w.endswith("c"):
        return w + "ked"
    return w + "ed"


def gerund(w, double):
    if double:
        return w + w[-1] + "ing"
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not re.search(r"(ee|ye|oe)$", w):
        return w[:-1] + "ing"
    if w.endswith("c"):
        return w + "king"
    return w + "ing"


def adverb(w):
    if w.endswith("ic"):
        return w + "ally"
    if w.endswith("ll"):
        return w + "y"
    if re.search(r"[^aeiou]le$", w):
        return w[:-1] + "y"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ily"
    return w + "ly"


def comparatives(w, double):
    if double:
        return [w + w[-1] + "er", w + w[-1] + "est"]
    if w.endswith("e"):
        return [w + "r", w + "st"]
    if re.search(r"[^aeiou]y$", w):
        return [w[:-1] + "ier", w[:-1] + "iest"]
    return [w + "er", w + "est"]


ENTRY_RE = re.compile(r"^([^:()\s]+|[^\s]+?)(?::([nvVlcC]+)(?:\(([^()]*)\))?)?$")


def expand(entry):
    """Return (explicit forms, generated forms) for one source entry."""
    if entry.startswith("\\") and len(entry) > 1:
        return [entry[1:]], []
    if ":" not in entry or entry.startswith(":") or not re.search(r":[nvVlcC]+(\(|$)", entry):
        return [entry], []
    word, rest = entry.rsplit(":", 1) if "(" not in entry else entry.split(":", 1)
    m = re.match(r"^([nvVlcC]+)(?:\(([^()]*)\))?$", rest)
    if not m or not word:
        raise ValueError("bad entry %r" % entry)
    flags, irregular = m.group(1), m.group(2)
    irregular = [f for f in irregular.split(",") if f] if irregular is not None else None
    gen = []
    if "n" in flags:
        gen += irregular if (irregular is not None and "v" not in flags
                             and "V" not in flags) else [plural(word)]
    if "v" in flags or "V" in flags:
        double = "V" in flags
        gen.append(third(word))
        gen += irregular if irregular is not None else [past(word, double)]
        gen.append(gerund(word, double))
    if "l" in flags:
        gen.append(adverb(word))
    if "c" in flags or "C" in flags:
        gen += comparatives(word, "C" in flags)
    return [word], [g for g in gen if g != word]


def read_sources(paths):
    explicit = {}
    generated = {}
    errors = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for num, line in enumerate(fh, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                fields = line.split()
                where = "%s:%d" % (os.path.relpath(path, ROOT), num)
                try:
                    val = float(fields[0])
                except ValueError:
                    errors.append("%s: first field %r is not a valence" % (where, fields[0]))
                    continue
                if not -4.0 <= val <= 4.0 or round(val, 1) != val:
                    errors.append("%s: valence %s outside [-4, 4] or not one decimal"
                                  % (where, fields[0]))
                    continue
                if val == 0.0 or len(fields) < 2:
                    errors.append("%s: needs a non-zero valence and at least one entry" % where)
                    continue
                for entry in fields[1:]:
                    try:
                        exp, gen = expand(entry)
                    except ValueError as exc:
                        errors.append("%s: %s" % (where, exc))
                        continue
                    for tok in exp:
                        core = tok.strip(string.punctuation)
                        if len(core) > 2 and core != tok:
                            errors.append("%s: %r can never match: the tokenizer strips it to %r"
                                          % (where, tok, core))
                        if tok != tok.lower():
                            errors.append("%s: %r is not lower case" % (where, tok))
                        if tok in explicit and explicit[tok][0] != val:
                            errors.append("%s: %r already rated %s at %s"
                                          % (where, tok, explicit[tok][0], explicit[tok][1]))
                        explicit.setdefault(tok, (val, where))
                    for tok in gen:
                        generated.setdefault(tok, []).append((val, where))
    merged = {tok: v for tok, (v, _) in explicit.items()}
    for tok, rated in generated.items():
        if tok in merged:
            continue
        vals = set(v for v, _ in rated)
        if len(vals) > 1:
            errors.append("%r generated with different valences: %s" % (
                tok, ", ".join("%s at %s" % r for r in rated)))
            continue
        merged[tok] = rated[0][0]
    return merged, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "lexicons", "en-sentiment.tsv"))
    ap.add_argument("--check", action="store_true",
                    help="fail if the output file is not up to date")
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(HERE, "src", "*.txt")))
    lex, errors = read_sources(paths)
    with open(os.path.join(HERE, "src", "exclude.list"), encoding="utf-8") as fh:
        for line in fh:
            tok = line.strip()
            if tok and not tok.startswith("#"):
                lex.pop(tok, None)
    if errors:
        for e in errors:
            print("build.py: " + e, file=sys.stderr)
        return 1
    body = "".join("%s\t%.1f\n" % (tok, lex[tok]) for tok in sorted(lex))
    text = HEADER % {"version": VERSION, "date": DATE, "count": len(lex)} + body
    if args.check:
        with open(args.out, encoding="utf-8") as fh:
            if fh.read() != text:
                print("build.py: %s is out of date; run scripts/lexicon/build.py" % args.out,
                      file=sys.stderr)
                return 1
        return 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print("build.py: wrote %d entries to %s" % (len(lex), os.path.relpath(args.out, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
