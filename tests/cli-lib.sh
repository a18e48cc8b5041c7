# Shared set-up of the `quote` command-line tests (sourced, not run).
# Gives: $QUOTE (the built tool), $TMP (a scratch folder removed at exit),
# ok/not_ok counters, `run NAME STATUS ARGS...` (quote with stdin from
# $TMP/in, stdout to $TMP/out, stderr to $TMP/err; checks the exit status;
# $CLI_COMMAND, when set, is put before ARGS) and `finish`, which prints the
# closing "N passed, N failed" line and sets the exit status.
QUOTE=${LQ_TOP_BUILDDIR:-..}/tools/quote
if [ ! -x "$QUOTE" ]; then
    echo "quote not built at $QUOTE"
    echo "0 passed, 1 failed"
    exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

run() {
    name=$1
    want=$2
    shift 2
    "$QUOTE" ${CLI_COMMAND:+"$CLI_COMMAND"} "$@" < "$TMP/in" > "$TMP/out" 2> "$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name: exit $want"; else
        not_ok "$name: exit $got, expected $want"; cat "$TMP/err"; fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
