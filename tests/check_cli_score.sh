#!/bin/sh
# The `quote score` command: one result per line, the three formats,
# --explain, --fixes, --normalize/--faithful, lexicon options, exit statuses,
# and (when ../shared is present) the reference VADER's scores through the CLI.
# Ends with "N passed, N failed".
set -u
CLI_COMMAND=score
. "$(cd "$(dirname "$0")" && pwd)/cli-lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/fixtures
VADER=$HERE/../../shared/reference/vader
PY=/usr/bin/python3


# same_out NAME PRINTF_FORMAT : stdout equals the bytes printf makes
same_out() {
    printf "$2" > "$TMP/want"
    if cmp -s "$TMP/want" "$TMP/out"; then ok "$1: output"; else
        not_ok "$1: output"; diff "$TMP/want" "$TMP/out" | head -8; fi
}
# has NAME TEXT : stderr (or stdout with a third argument) contains TEXT
has() {
    f=$TMP/err
    [ $# -gt 2 ] && f=$TMP/out
    if grep -qF -- "$2" "$f"; then ok "$1"; else not_ok "$1: '$2' not in $(head -c 300 "$f")"; fi
}

SMALL="--lexicon=$FIX/sentiment-small.tsv --emoji-lexicon=$FIX/sentiment-emoji.tsv"

# One result per line, in order; the empty line and a last line without LF too.
printf 'good\n\nbad!\nnot good' > "$TMP/in"
run "jsonl" 0 $SMALL --faithful
same_out "jsonl" '{"text": "good", "neg": 0.0, "neu": 0.0, "pos": 1.0, "compound": 0.4588}
{"text": "", "neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
{"text": "bad!", "neg": 1.0, "neu": 0.0, "pos": 0.0, "compound": -0.5093}
{"text": "not good", "neg": 0.713, "neu": 0.287, "pos": 0.0, "compound": -0.357}
'
run "tsv" 0 $SMALL --faithful --format=tsv
same_out "tsv" '0.0\t0.0\t1.0\t0.4588\tgood\n0.0\t0.0\t0.0\t0.0\t\n1.0\t0.0\t0.0\t-0.5093\tbad!\n0.713\t0.287\t0.0\t-0.357\tnot good\n'
run "table" 0 $SMALL --format=table
if [ "$(wc -l < "$TMP/out")" -eq 5 ] && head -n 1 "$TMP/out" | grep -q compound; then
    ok "table: header and one row per line"; else not_ok "table rows"; cat "$TMP/out"; fi

# CRLF input: the CR is not part of the text.
printf 'good\r\nbad\r\n' > "$TMP/in"
run "crlf" 0 $SMALL --format=tsv
same_out "crlf" '0.0\t0.0\t1.0\t0.4588\tgood\n1.0\t0.0\t0.0\t-0.4588\tbad\n'

# JSON escaping: quotes, backslash, tab, control characters, invalid UTF-8.
printf 'say "good"\t\\ \001 \377 ok\n' > "$TMP/in"
run "escaping" 0 $SMALL
has "escaping: quotes, tab, backslash, control, U+FFFD" \
    '{"text": "say \"good\"\t\\ \u0001 \ufffd ok"' out
if [ -x "$PY" ]; then
    if "$PY" -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): json.loads(l)' "$TMP/out" 2>"$TMP/err"; then
        ok "escaping: valid JSON"; else not_ok "escaping: invalid JSON"; cat "$TMP/err"; fi
fi

# --explain
printf 'it is not very good\n' > "$TMP/in"
run "explain jsonl" 0 $SMALL --explain
has "explain: negated and boosted token" '{"token": "good", "start": 15, "end": 19, "valence": 2.0, "contribution": -1.69682, "rules": ["lexicon", "boosted", "negated"]}' out
run "explain tsv" 0 $SMALL --explain --format=tsv
has "explain tsv: last column" 'very=0.0[booster] good=-1.69682[lexicon,boosted,negated]' out

# --fixes and --normalize/--faithful
printf 'the movie is so good\n' > "$TMP/in"
run "faithful" 0 $SMALL --format=tsv --faithful
cp "$TMP/out" "$TMP/faithful"
run "fixes" 0 $SMALL --format=tsv --faithful --fixes
if cmp -s "$TMP/out" "$TMP/faithful"; then not_ok "--fixes changes so/this"; else ok "--fixes changes so/this"; fi
printf '\342\200\234good,\342\200\235 he said\n' > "$TMP/in"
run "normalize (default)" 0 $SMALL --format=tsv
has "normalize: curly-quoted word scores" '0.0	0.4	0.6	0.4588' out
run "faithful curly" 0 $SMALL --format=tsv --faithful
has "faithful: curly-quoted word misses" '0.0	1.0	0.0	0.0' out

# Files in order, "-" for stdin.
printf 'good\n' > "$TMP/a"
printf 'bad\n' > "$TMP/in"
run "files" 0 $SMALL --format=tsv "$TMP/a" - "$TMP/a"
same_out "files" '0.0\t0.0\t1.0\t0.4588\tgood\n1.0\t0.0\t0.0\t-0.4588\tbad\n0.0\t0.0\t1.0\t0.4588\tgood\n'

# The default lexicon (en-sentiment.tsv, Unicode emoji names).
printf 'a wonderful result\n\360\237\230\200\n' > "$TMP/in"
run "default lexicon" 0 --format=tsv
if awk -F'\t' '$4 <= 0 { bad = 1 } END { exit bad }' "$TMP/out"; then
    ok "default lexicon: positive words and emoji score"; else not_ok "default lexicon"; cat "$TMP/out"; fi

# Errors.
: > "$TMP/in"
run "no input" 0 $SMALL
same_out "no input" ''
run "unknown option" 2 --frobnicate
has "unknown option: message" "unknown option '--frobnicate'"
run "bad format" 2 --format=xml
has "bad format: message" "unknown format 'xml'"
run "bad lexicon format" 2 --lexicon-format=csv
run "missing file" 1 $SMALL "$TMP/nonexistent"
has "missing file: message" "nonexistent"
run "missing lexicon" 1 --lexicon="$TMP/nolex.tsv"
has "missing lexicon: message" "nolex.tsv"
run "malformed lexicon" 1 --lexicon="$FIX/lexicon-out-of-range.tsv" --lexicon-format=tsv
has "malformed lexicon: file and line" "lexicon-out-of-range.tsv:2"
run "help" 0 --help
has "help: usage" "Usage: quote score" out

# The reference VADER through the CLI: every parity case on one line.
if [ -r "$VADER/cases.jsonl" ] && [ -x "$PY" ]; then
    "$PY" - "$VADER/cases.jsonl" "$TMP/cases.txt" "$TMP/want.tsv" <<'EOF'
import json, sys
src, texts, want = sys.argv[1:4]
with open(src, encoding="utf-8") as f, open(texts, "w", encoding="utf-8", newline="") as t, \
        open(want, "w") as w:
    for line in f:
        c = json.loads(line)
        if "\n" in c["text"] or "\r" in c["text"]:
            continue  # one text per line
        t.write(c["text"] + "\n")
        w.write("%r\t%r\t%r\t%r\n" % (c["neg"], c["neu"], c["pos"], c["compound"]))
EOF
    "$QUOTE" score --faithful --lexicon="$VADER/vader_lexicon.txt" \
        --emoji-lexicon="$VADER/emoji_utf8_lexicon.txt" --format=tsv "$TMP/cases.txt" \
        | cut -f1-4 > "$TMP/got.tsv"
    n=$(wc -l < "$TMP/want.tsv")
    same=$(paste "$TMP/want.tsv" "$TMP/got.tsv" | awk -F'\t' '$1==$5 && $2==$6 && $3==$7 && $4==$8' | wc -l)
    echo "cli parity: $same/$n single-line cases identical"
    if [ "$same" -eq "$n" ] && [ "$n" -gt 700 ]; then ok "cli parity"; else
        not_ok "cli parity"; paste "$TMP/want.tsv" "$TMP/got.tsv" | awk -F'\t' '!($1==$5 && $2==$6 && $3==$7 && $4==$8)' | head -5; fi
else
    echo "cli parity: SKIPPED (../shared or $PY absent)"
fi

finish
