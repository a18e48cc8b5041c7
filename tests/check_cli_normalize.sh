#!/bin/sh
# The `quote normalize` command: output, exit statuses and messages.
# Ends with "N passed, N failed".
set -u
. "$(cd "$(dirname "$0")" && pwd)/cli-lib.sh"


# same_out NAME PRINTF_FORMAT : stdout equals the bytes printf makes
same_out() {
    printf "$2" > "$TMP/want"
    if cmp -s "$TMP/want" "$TMP/out"; then ok "$1: output"; else
        not_ok "$1: output"; od -c "$TMP/out" | head -5; fi
}
# err_is NAME TEXT : stderr is exactly TEXT (one line)
err_is() {
    if [ -n "$2" ]; then printf '%s\n' "$2" > "$TMP/want"; else : > "$TMP/want"; fi
    if cmp -s "$TMP/want" "$TMP/err"; then ok "$1: message"; else
        not_ok "$1: message is '$(cat "$TMP/err")', expected '$2'"; fi
}
err_has() {
    if grep -q -- "$2" "$TMP/err"; then ok "$1: message has '$2'"; else
        not_ok "$1: message '$(cat "$TMP/err")' lacks '$2'"; fi
}
input() { printf "$1" > "$TMP/in"; }

# NFC by default, from standard input
input 'cafe\314\201 na\303\257ve\n'
run "nfc stdin" 0 normalize
same_out "nfc stdin" 'caf\303\251 na\303\257ve\n'
err_is "nfc stdin" ""
run "stdin as -" 0 normalize -
same_out "stdin as -" 'caf\303\251 na\303\257ve\n'

# the other forms
input 'caf\303\251 \357\254\201\n'
run "nfd" 0 normalize --form=nfd
same_out "nfd" 'cafe\314\201 \357\254\201\n'
run "nfkc" 0 normalize --form nfkc
same_out "nfkc" 'caf\303\251 fi\n'
run "nfkd" 0 normalize --form=NFKD
same_out "nfkd" 'cafe\314\201 fi\n'

# clean-ups
input '\342\200\234\303\211T\303\211\342\200\224ok\342\200\235\302\240it\342\200\231s\r\n\357\273\277x\302\255y\r'
run "clean-ups" 0 normalize --casefold --ascii-quotes --ascii-dashes --strip-marks \
    --strip-ignorable --newlines --spaces
same_out "clean-ups" '"ete-ok" it'"'"'s\nxy\n'
run "no clean-ups" 0 normalize
same_out "no clean-ups" '\342\200\234\303\211T\303\211\342\200\224ok\342\200\235\302\240it\342\200\231s\r\n\357\273\277x\302\255y\r'

# empty input
input ''
run "empty" 0 normalize
same_out "empty" ''

# files, in order; options after the files; "--"
printf 'one\n' > "$TMP/a.txt"
printf 'TWO\n' > "$TMP/b.txt"
printf 'three\n' > "$TMP/-c.txt"
run "files" 0 normalize "$TMP/a.txt" "$TMP/b.txt" --casefold
same_out "files" 'one\ntwo\n'
(cd "$TMP" && "$QUOTE" normalize -- -c.txt a.txt > out2 2> err2)
if [ $? -eq 0 ] && [ "$(cat "$TMP/out2")" = "three
one" ]; then ok "-- ends options"; else not_ok "-- ends options"; fi

# invalid UTF-8: strict
printf 'abc\300\257def' > "$TMP/bad.txt"
run "strict" 1 normalize "$TMP/bad.txt"
err_is "strict" "quote: $TMP/bad.txt: byte 3: invalid UTF-8: overlong encoding (lead byte 0xC0)"
same_out "strict" ''
input 'ok\355\240\200'
run "strict stdin" 1 normalize
err_is "strict stdin" "quote: <stdin>: byte 2: invalid UTF-8: UTF-16 surrogate (0xED 0xA0)"
printf '\342\202' > "$TMP/trunc.txt"
run "truncated" 1 normalize "$TMP/trunc.txt"
err_has "truncated" "byte 0: invalid UTF-8: truncated"
# a bad file does not stop the others; the status says something failed
run "bad then good" 1 normalize "$TMP/bad.txt" "$TMP/a.txt"
same_out "bad then good" 'one\n'
err_has "bad then good" "bad.txt: byte 3"

# invalid UTF-8: replaced
run "replace" 0 normalize --replace-invalid "$TMP/bad.txt"
same_out "replace" 'abc\357\277\275\357\277\275def'
err_is "replace" "quote: $TMP/bad.txt: replaced 2 invalid UTF-8 sequences with U+FFFD"

# unreadable input
run "missing file" 1 normalize "$TMP/nope.txt"
err_is "missing file" "quote: $TMP/nope.txt: No such file or directory"

# usage errors
run "unknown option" 2 normalize --bogus
err_is "unknown option" "quote: normalize: unknown option '--bogus' (try 'quote normalize --help')"
run "bad form" 2 normalize --form=nfx
err_has "bad form" "--form takes nfc, nfd, nfkc or nfkd, not 'nfx'"
run "missing form" 2 normalize --form
same_out "usage errors write nothing" ''
run "unknown command" 2 normalise
err_has "unknown command" "unknown command 'normalise'"

# help
run "help" 0 normalize --help
for opt in --form=nfc --form=nfd --form=nfkc --form=nfkd --casefold --strip-ignorable \
    --newlines --spaces --ascii-quotes --ascii-dashes --strip-marks --replace-invalid \
    "Exit status" "byte N"; do
    if grep -q -- "$opt" "$TMP/out"; then ok "help mentions $opt"; else not_ok "help mentions $opt"; fi
done
run "top-level help lists normalize" 0 --help
if grep -q "normalize" "$TMP/out"; then ok "quote --help lists normalize"; else
    not_ok "quote --help lists normalize"; fi

finish
