#!/usr/bin/python3
"""Report how much of a text collection the sentiment lexicon covers.

Usage: coverage.py [--lexicon PATH] [--shared DIR] [--top N] [--corpus NAME ...]

Tokens are made the way the scoring engine makes them (after VADER): the text is
split on whitespace, ASCII punctuation is stripped from both ends of a token unless
two characters or fewer would remain, and lookups are lower-cased.  A "word token" is
a token containing at least one letter; emoticon-like tokens (no letter, some
punctuation, at least two characters) are counted apart.

For each corpus the script prints the share of word tokens (and of distinct words)
found in the lexicon, and the most frequent words that are not in it.  The list is
there to guide coverage: most frequent uncovered words are neutral ("the", "said")
and rightly absent.  It must not be used to fit valences to these corpora, which are
evaluation data.

Corpora are read from ../shared (or --shared): the 200 news articles in
corpora/news/ and the three human-rated sets in reference/vader/groundtruth/.
The script only reads them; it copies nothing.  Standard library only.
"""

import argparse
import collections
import os
import string
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PUNCT = string.punctuation


def strip_token(tok):
    stripped = tok.strip(PUNCT)
    return tok if len(stripped) <= 2 else stripped


def tokens(text):
    for tok in text.split():
        yield strip_token(tok).lower()


def load_lexicon(path):
    lex = {}
    with open(path, encoding="utf-8") as fh:
        for num, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                sys.exit("%s:%d: expected token<TAB>valence" % (path, num))
            lex[parts[0]] = float(parts[1])
    return lex


def news_texts(shared):
    folder = os.path.join(shared, "corpora", "news")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                yield fh.read()


def groundtruth_texts(shared, stem):
    path = os.path.join(shared, "reference", "vader", "groundtruth",
                        stem + "_GroundTruth.txt")
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t", 2)
            if len(parts) == 3:
                yield parts[2]


CORPORA = {
    "news": lambda shared: news_texts(shared),
    "tweets": lambda shared: groundtruth_texts(shared, "tweets"),
    "movies": lambda shared: groundtruth_texts(shared, "movieReviewSnippets"),
    "amazon": lambda shared: groundtruth_texts(shared, "amazonReviewSnippets"),
}


# Function words left out of the "not in the lexicon" list unless --all is given:
# they carry no sentiment and would crowd out the words worth looking at.
FUNCTION_WORDS = set("""
a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in
into is it its itself let me my myself of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up upon us was we were what
when where which while who whom why will with would you your yours yourself yourselves
it's i'm don't that's there's he's she's you're we're they're i've i'll i'd can't
didn't doesn't isn't won't wasn't aren't haven't couldn't wouldn't shouldn't also just
now then one two three four five six seven eight nine ten first second last new said
says say mr mrs ms year years time get got go going make made like also even much many
""".split())


def is_word(tok):
    return any(ch.isalpha() for ch in tok)


def is_emoticon(tok):
    return (len(tok) >= 2 and not any(ch.isalnum() for ch in tok)
            and any(ch in PUNCT for ch in tok))


def report(name, texts, lex, top, show_all):
    words = collections.Counter()
    emos = collections.Counter()
    for text in texts:
        for tok in tokens(text):
            if is_word(tok):
                words[tok] += 1
            elif is_emoticon(tok):
                emos[tok] += 1
    total = sum(words.values())
    covered = sum(n for w, n in words.items() if w in lex)
    distinct_cov = sum(1 for w in words if w in lex)
    emo_total = sum(emos.values())
    emo_cov = sum(n for e, n in emos.items() if e in lex)
    print("== %s: %d word tokens, %d distinct" % (name, total, len(words)))
    if total:
        print("   in lexicon: %.1f%% of tokens, %.1f%% of distinct words"
              % (100.0 * covered / total, 100.0 * distinct_cov / len(words)))
    if emo_total:
        print("   emoticon-like tokens: %d, %.1f%% in lexicon"
              % (emo_total, 100.0 * emo_cov / emo_total))
    missing = [(w, n) for w, n in words.most_common()
               if w not in lex and (show_all or w not in FUNCTION_WORDS)][:top]
    print("   most frequent words not in the lexicon%s:"
          % ("" if show_all else " (function words left out)"))
    line = "    "
    for w, n in missing:
        item = " %s(%d)" % (w, n)
        if len(line) + len(item) > 100:
            print(line)
            line = "    "
        line += item
    if line.strip():
        print(line)
    emo_missing = [(e, n) for e, n in emos.most_common() if e not in lex][:20]
    if emo_missing:
        print("   frequent emoticon-like tokens not in the lexicon: "
              + " ".join("%s(%d)" % p for p in emo_missing))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lexicon", default=os.path.join(ROOT, "lexicons", "en-sentiment.tsv"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--top", type=int, default=150)
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    ap.add_argument("--all", action="store_true",
                    help="list function words among the uncovered words too")
    args = ap.parse_args()
    if not os.path.isdir(args.shared):
        print("coverage.py: %s not found; the evaluation corpora are not available, skipping"
              % args.shared)
        return 0
    lex = load_lexicon(args.lexicon)
    print("lexicon %s: %d entries" % (args.lexicon, len(lex)))
    for name in args.corpus or ["news", "tweets", "movies", "amazon"]:
        report(name, CORPORA[name](args.shared), lex, args.top, args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
