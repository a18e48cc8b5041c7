#!/bin/sh
# The `quote extract` command: formats, fields, offsets, escaping, several
# files, exit statuses and messages. Ends with "N passed, N failed".
set -u
. "$(cd "$(dirname "$0")" && pwd)/cli-lib.sh"
PY=/usr/bin/python3


# check NAME PYTHON-EXPRESSION : evaluated with `lines` (stdout lines),
# `out` (stdout text), `err` (stderr text), `js` (stdout parsed as JSON Lines)
check() {
    if "$PY" - "$TMP" "$2" <<'PYEOF'
import json, sys
tmp, expr = sys.argv[1], sys.argv[2]
out = open(tmp + "/out", encoding="utf-8").read()
err = open(tmp + "/err", encoding="utf-8").read()
lines = out.splitlines()
try:
    js = [json.loads(l) for l in lines]
except Exception:
    js = None
raw = open(tmp + "/in", "rb").read()
sys.exit(0 if eval(expr) else 1)
PYEOF
    then ok "$1"; else not_ok "$1"; echo "  expr: $2"; head -c 600 "$TMP/out"; cat "$TMP/err"; fi
}

cat > "$TMP/in" <<'TXT'
Harbour vote

“We owe the city clean air,” said Mayor Helen Marsh, who cast the deciding vote.

“They promise retraining every ten years,” she added. “Nothing happens.”

The Chamber of Commerce said the plan risked “driving investment away”.
TXT

run "jsonl default off a terminal" 0 extract
check "jsonl: one valid object per quote" 'js is not None and len(js) == 4'
check "jsonl: fields" 'all(set(o) >= {"file","start","end","text","kind","speaker","role","cue","method","neg","neu","pos","compound"} for o in js)'
check "jsonl: file is <stdin>" 'js[0]["file"] == "<stdin>"'
check "jsonl: first quote" 'js[0]["speaker"] == "Helen Marsh" and js[0]["role"] == "Mayor" and js[0]["cue"] == "said" and js[0]["kind"] == "full" and js[0]["method"] == "cue"'
check "jsonl: byte offsets cover the marks" 'raw[js[0]["start"]:js[0]["end"]].decode() == "“We owe the city clean air,”"'
check "jsonl: text without marks" 'js[0]["text"] == "We owe the city clean air,"'
check "jsonl: pronoun" 'js[1]["speaker"] == "Helen Marsh" and js[1]["method"] == "pronoun" and js[1]["cue"] == "added"'
check "jsonl: continuation" 'js[2]["kind"] == "continuation" and js[2]["speaker"] == "Helen Marsh" and js[2]["cue"] is None'
check "jsonl: organisation, partial" 'js[3]["speaker"] == "The Chamber of Commerce" and js[3]["kind"] == "partial" and js[3]["method"] == "reported"'
check "jsonl: scores are numbers" 'all(isinstance(o["compound"], float) and abs(o["neg"] + o["neu"] + o["pos"] - 1) < 0.01 for o in js)'

run "--no-scores" 0 extract --no-scores
check "--no-scores: scores are null" 'all(o["neg"] is None and o["compound"] is None for o in js)'

run "table" 0 extract --format=table
check "table: speakers and roles" '"Helen Marsh, Mayor" in out and "Speakers:" in out and "sentiment:" in out'
check "table: wrapped at 78 columns" 'all(len(l) <= 78 for l in lines)'

run "tsv" 0 extract --format=tsv
check "tsv: header" 'lines[0].split("\t") == ["file","start","end","kind","speaker","role","cue","method","neg","neu","pos","compound","text"]'
check "tsv: rows of 13 fields" 'len(lines) == 5 and all(len(l.split("\t")) == 13 for l in lines[1:])'
check "tsv: values" 'lines[1].split("\t")[4] == "Helen Marsh" and lines[1].split("\t")[12] == "We owe the city clean air,"'

# escaping: a backslash, a tab and a double quote inside a quote
printf '“Back\134slash\tand \042marks\042 here,” said Anna Berg.\n' > "$TMP/in"
run "escaping jsonl" 0 extract
check "jsonl: special characters survive" 'js[0]["text"] == "Back" + chr(92) + "slash" + chr(9) + "and " + chr(34) + "marks" + chr(34) + " here,"'
run "escaping tsv" 0 extract --format=tsv
check "tsv: tab and backslash escaped" 'lines[1].split(chr(9))[12] == "Back" + chr(92) * 2 + "slash" + chr(92) + "tand " + chr(34) + "marks" + chr(34) + " here,"'

# several files, one missing: the others are still processed, exit 1
printf '“One,” said Anna Berg.\n' > "$TMP/a.txt"
printf '“Two,” said Peter Holm.\n' > "$TMP/b.txt"
: > "$TMP/in"
run "several files" 0 extract "$TMP/a.txt" "$TMP/b.txt"
check "several files: file field" 'len(js) == 2 and js[0]["file"].endswith("a.txt") and js[1]["speaker"] == "Peter Holm"'
run "missing file" 1 extract "$TMP/a.txt" "$TMP/nope.txt" "$TMP/b.txt"
check "missing file: message names it, others processed" '"nope.txt" in err and len(js) == 2'

# stdin as "-", empty input
printf '“Three,” said Anna Berg.\n' > "$TMP/in"
run "stdin as -" 0 extract -
check "stdin as -: one quote" 'len(js) == 1 and js[0]["file"] == "<stdin>"'
: > "$TMP/in"
run "empty input" 0 extract
check "empty input: no output" 'out == ""'

# invalid UTF-8
printf 'Bad \377 byte. “Four,” said Anna Berg.\n' > "$TMP/in"
run "invalid UTF-8" 1 extract
check "invalid UTF-8: message with offset" '"invalid UTF-8 at byte 4" in err and out == ""'
run "--replace-invalid" 0 extract --replace-invalid
check "--replace-invalid: offsets in the original bytes" 'raw[js[0]["start"]:js[0]["end"]].decode() == "“Four,”"'

# usage errors and help
: > "$TMP/in"
run "unknown option" 2 extract --bogus
check "unknown option: message" '"unknown option" in err'
run "unknown format" 2 extract --format=xml
check "unknown format: message" '"unknown format" in err'
run "--no-scores with --lexicon" 2 extract --no-scores --lexicon=/x
run "--help" 0 extract --help
check "--help: usage" 'out.startswith("Usage: quote extract")'
run "missing lexicon" 1 extract --lexicon=/nonexistent/lexicon.tsv
check "missing lexicon: message" '"lexicon" in err'

finish
