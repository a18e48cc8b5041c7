"""Speed of the reference Python vaderSentiment on the texts of cases.jsonl.

python3 vader_py.py SOURCE_DIR CASES.jsonl COUNT RUNS
SOURCE_DIR holds the vaderSentiment package (a checkout of the upstream
repository). Prints "sentences_per_s N" (median of RUNS runs of COUNT
sentences, per second of CPU time) and "parity N of M" against the reference scores in the file.
"""
import json
import statistics
import sys
import time

source, cases_path = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
sys.path.insert(0, source)
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

with open(cases_path, encoding="utf-8") as f:
    cases = [json.loads(line) for line in f if line.strip()]
texts = [c["text"] for c in cases]
analyzer = SentimentIntensityAnalyzer()
same = sum(1 for c in cases
           if analyzer.polarity_scores(c["text"])["compound"] == c["compound"])
rates = []
for _ in range(runs):
    t0 = time.process_time()
    k = 0
    for _ in range(count):
        analyzer.polarity_scores(texts[k])
        k += 1
        if k == len(texts):
            k = 0
    rates.append(count / (time.process_time() - t0))
print("sentences_per_s %d" % round(statistics.median(rates)))
print("parity %d of %d" % (same, len(cases)))
