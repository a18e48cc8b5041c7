#!/bin/sh
# Peers measured on the same sentences as bench_sentiment (the texts of
# cases.jsonl), single thread, median of several runs.
#   run_peers.sh CASES.jsonl [COUNT] [RUNS]
# - npm vader-sentiment: installed with npm into a scratch folder outside the
#   repository ($LQ_PEERS_DIR, default ${TMPDIR:-/tmp}/libquote-peers).
# - reference Python vaderSentiment: only when VADER_PY_PATH names a checkout
#   of github.com/cjhutto/vaderSentiment (the folder holding vaderSentiment/).
# Prints "peer.NAME.sentences_per_s N" lines; a peer that cannot run says why.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cases=$1
count=${2:-50000}
runs=${3:-5}
dir=${LQ_PEERS_DIR:-${TMPDIR:-/tmp}/libquote-peers}

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    if [ ! -d "$dir/node_modules/vader-sentiment" ]; then
        mkdir -p "$dir"
        (cd "$dir" && npm install --no-audit --no-fund --silent vader-sentiment >/dev/null 2>&1) \
            || echo "peer.vader-sentiment-js: npm install failed (no network?)" >&2
    fi
    if [ -d "$dir/node_modules/vader-sentiment" ]; then
        v=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$dir/node_modules/vader-sentiment/package.json" | head -n 1)
        r=$(node "$here/vader_js.js" "$dir" "$cases" "$count" "$runs" | sed -n 's/^sentences_per_s //p')
        echo "peer.vader-sentiment-js-$v.sentences_per_s $r"
    fi
else
    echo "peer.vader-sentiment-js: node/npm not found, skipped" >&2
fi

if [ -n "${VADER_PY_PATH:-}" ]; then
    py=${PYTHON:-/usr/bin/python3}
    out=$("$py" "$here/vader_py.py" "$VADER_PY_PATH" "$cases" "$count" "$runs") || out=""
    r=$(echo "$out" | sed -n 's/^sentences_per_s //p')
    p=$(echo "$out" | sed -n 's/^parity //p')
    if [ -n "$r" ]; then
        echo "peer.vaderSentiment-py.sentences_per_s $r"
        echo "peer.vaderSentiment-py.parity $p"
    else
        echo "peer.vaderSentiment-py: could not run from VADER_PY_PATH=$VADER_PY_PATH" >&2
    fi
else
    echo "peer.vaderSentiment-py: skipped (set VADER_PY_PATH to a vaderSentiment checkout)" >&2
fi
