#!/bin/sh
# Corpus mode of the `quote` tool: `quote extract --jobs=N DIR|FILE...` and
# `quote speakers`. Deterministic order whatever N, directory walk, failing
# files reported and skipped, progress and summary on stderr.
# Ends with "N passed, N failed".
set -u
. "$(cd "$(dirname "$0")" && pwd)/cli-lib.sh"
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

# ---- a corpus of our own: small wire stories, each with attributed quotes ----
C=$TMP/corpus
mkdir -p "$C/b-sub" "$C/.hidden"
i=0
while [ $i -lt 24 ]; do
    n=$(printf '%02d' $i)
    {
        printf 'Harbour council meets on budget %s\n\n' "$n"
        printf 'The council of Port Wendel met on Tuesday to discuss the budget for year %s.\n\n' "$n"
        printf '"We cannot afford another wasted winter," said Maria Lindqvist, the mayor.\n\n'
        printf 'Opposition leader Tomas Berg disagreed. "This plan is a wonderful gift to the port and I support it fully," he said.\n\n'
        printf 'The vote is expected next week.\n'
    } > "$C/story-$n.txt"
    i=$((i + 1))
done
printf '"The ferry timetable is a disaster," said Maria Lindqvist.\n' > "$C/b-sub/inner.txt"
printf '"Hidden," said Nobody Here.\n' > "$C/.hidden/secret.txt"
printf 'not a story' > "$C/notes.md"

FILES_SORTED="$C/b-sub/inner.txt $(for f in "$C"/story-*.txt; do printf '%s ' "$f"; done)"

# ---- the same output for every number of threads ----
"$QUOTE" extract --format=jsonl --jobs=1 --include='*.txt' "$C" > "$TMP/j1" 2> "$TMP/e1"
s1=$?
"$QUOTE" extract --format=jsonl --jobs=2 --include='*.txt' "$C" > "$TMP/j2" 2> "$TMP/e2"
s2=$?
"$QUOTE" extract --format=jsonl -j 7 --include='*.txt' "$C" > "$TMP/j7" 2> "$TMP/e7"
s7=$?
check "extract --jobs=1 exits 0" test "$s1" -eq 0
check "extract --jobs=2 exits 0" test "$s2" -eq 0
check "extract -j 7 exits 0" test "$s7" -eq 0
check "--jobs=2 output equals --jobs=1" cmp -s "$TMP/j1" "$TMP/j2"
check "-j 7 output equals --jobs=1" cmp -s "$TMP/j1" "$TMP/j7"
check "quotes were found" test "$(wc -l < "$TMP/j1")" -ge 48

# files in walk order: sorted names, the subdirectory at its place, hidden
# entries and names not matching --include skipped
sed -n 's/^{"file":"\([^"]*\)".*/\1/p' "$TMP/j1" | uniq > "$TMP/order"
for f in $FILES_SORTED; do echo "$f"; done > "$TMP/want-order"
check "files in sorted walk order" cmp -s "$TMP/want-order" "$TMP/order"
check "hidden files skipped" sh -c "! grep -q secret '$TMP/j1'"
check "--include skips other names" sh -c "! grep -q notes.md '$TMP/j1'"

# summary on stderr for several files, none with --no-summary
check "summary names files, quotes, speakers, failures" \
    grep -qE '^quote: 25 files, [0-9]+ quotes? \([0-9]+ attributed\), [0-9]+ speakers?, 0 failures' "$TMP/e1"
"$QUOTE" extract --format=jsonl --no-summary --include='*.txt' "$C" > /dev/null 2> "$TMP/e"
check "--no-summary: stderr empty" test ! -s "$TMP/e"
# no progress bar when stderr is not a terminal; one with --progress
check "no progress bar on a pipe" sh -c "! grep -q 'MB/s' '$TMP/e1'"
"$QUOTE" extract --format=jsonl --progress --include='*.txt' "$C" > /dev/null 2> "$TMP/e"
check "--progress shows files, MB, MB/s and ETA" grep -q 'files .* MB .* MB/s .*ETA' "$TMP/e"

# ---- a failing file is reported with its path and skipped ----
cp -r "$C" "$TMP/bad"
printf '"Broken \377 bytes," said Maria Lindqvist.\n' > "$TMP/bad/story-05.txt"
"$QUOTE" extract --format=jsonl --jobs=2 --include='*.txt' "$TMP/bad" "$TMP/missing.txt" \
    > "$TMP/out" 2> "$TMP/err"
st=$?
check "a failing file makes the exit status 1" test "$st" -eq 1
check "invalid UTF-8 reported with its path and byte" \
    grep -q "^quote: $TMP/bad/story-05.txt: invalid UTF-8 at byte 8" "$TMP/err"
check "a missing file is reported with its path" grep -q "^quote: $TMP/missing.txt: " "$TMP/err"
check "the other files complete" test "$(sed -n 's/^{"file":"\([^"]*\)".*/\1/p' "$TMP/out" | sort -u | wc -l)" -eq 24
check "the summary counts the failures" grep -q ', 2 failures' "$TMP/err"
"$QUOTE" extract --format=jsonl --replace-invalid --include='*.txt' "$TMP/bad" > /dev/null 2>&1
check "--replace-invalid reads it" test $? -eq 0

# a directory with nothing to analyze is a mistake worth saying
mkdir -p "$TMP/empty"
"$QUOTE" extract --format=jsonl "$TMP/empty" > "$TMP/out" 2> "$TMP/err"
check "an empty directory: exit 1" test $? -eq 1
check "an empty directory: reported with its path" grep -q "^quote: $TMP/empty: no files" "$TMP/err"
"$QUOTE" extract --format=jsonl --include='*.none' "$C" > "$TMP/out" 2> "$TMP/err"
check "nothing matches --include: exit 1" test $? -eq 1

# ---- usage errors ----
"$QUOTE" extract --jobs=x "$C" > /dev/null 2> "$TMP/err"
check "--jobs=x is a usage error" test $? -eq 2
"$QUOTE" extract --jobs "$C" > /dev/null 2>&1
check "--jobs without a number before a path is a usage error" test $? -eq 2

# ---- standard input still works ----
"$QUOTE" extract --format=jsonl < "$C/story-03.txt" > "$TMP/out" 2> "$TMP/err"
check "standard input: exit 0" test $? -eq 0
check "standard input: no summary for one input" test ! -s "$TMP/err"
check "standard input: file is <stdin>" grep -q '"file":"<stdin>"' "$TMP/out"

# ---- quote speakers ----
"$QUOTE" speakers --jobs=2 --include='*.txt' "$C" > "$TMP/sp" 2> "$TMP/err"
check "speakers exits 0" test $? -eq 0
"$QUOTE" speakers --jobs=1 --no-summary --include='*.txt' "$C" > "$TMP/sp1" 2>/dev/null
check "speakers: same output for every --jobs" cmp -s "$TMP/sp" "$TMP/sp1"
check "speakers: one JSON object per speaker" \
    sh -c "grep -c '^{\"speaker\":' '$TMP/sp' | grep -qx \"\$(wc -l < '$TMP/sp')\""
# Maria Lindqvist speaks in all 25 files, with a negative and a positive-free quote
line=$(grep '"speaker":"Maria Lindqvist"' "$TMP/sp" || true)
check "speakers: Maria Lindqvist aggregated across files" \
    sh -c "echo '$line' | grep -q '\"quotes\":25,\"files\":25,'"
check "speakers: listed by number of quotes" \
    sh -c "head -n 1 '$TMP/sp' | grep -q '\"quotes\":25'"
# mean compound equals the mean of her quotes' compounds in extract's output
want=$(grep '"speaker":"Maria Lindqvist"' "$TMP/j1" |
       sed -n 's/.*"compound":\([-0-9.e]*\).*/\1/p' |
       awk '{s += $1; n++} END {if (n) printf "%.4f", s / n}')
got=$(echo "$line" | sed -n 's/.*"mean_compound":\([-0-9.e]*\).*/\1/p' | awk '{printf "%.4f", $1}')
check "speakers: mean compound ($got) is the mean of the quotes ($want)" test "$got" = "$want"
neg=$(echo "$line" | sed -n 's/.*"most_negative":{"compound":\([-0-9.e]*\).*/\1/p')
check "speakers: the most negative quote is the ferry one" \
    sh -c "echo '$line' | grep -q 'most_negative\":{[^}]*ferry timetable'"
check "speakers: most negative compound < 0" awk -v x="$neg" 'BEGIN {exit !(x < 0)}'
"$QUOTE" speakers --format=tsv --min-quotes=2 --include='*.txt' "$C" > "$TMP/tsv" 2>/dev/null
check "speakers --format=tsv: 10 columns" \
    awk -F'\t' 'NF != 10 {bad = 1} END {exit bad}' "$TMP/tsv"
check "speakers --min-quotes=2 drops the one-quote speakers" \
    awk -F'\t' '$4 < 2 {bad = 1} END {exit bad}' "$TMP/tsv"
"$QUOTE" speakers --help > "$TMP/out" 2>&1
check "speakers --help documents --jobs" grep -q -- '--jobs' "$TMP/out"

finish
