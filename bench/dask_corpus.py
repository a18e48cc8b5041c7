"""Run libquote over a corpus on a Dask cluster.

The result is the same as ``quote extract --format=jsonl FILE|DIR...``: one
record per quote, files in the order the command walks them (arguments in
the order given, each directory recursively in byte order of its names,
hidden entries skipped), quotes in text order, byte offsets.

As a program::

    python3 dask_corpus.py [--scheduler=ADDRESS] [--workers=N] [--include=GLOB] DIR|FILE...

prints JSON Lines on stdout. Without ``--scheduler`` it starts a
LocalCluster of N worker processes (default 2) on this machine; with it, it
joins an existing cluster (``dask scheduler`` / ``dask worker``), whose
workers must be able to ``import libquote`` and read the files.

As a library: ``records(paths, include=None)`` (in a ``with Client(...)``
block, or with Dask's default scheduler otherwise).
"""

import fnmatch
import json
import logging
import os
import sys

#: The fields of one record, in the order ``quote extract --format=jsonl`` writes them.
FIELDS = ("file", "start", "end", "text", "kind", "speaker", "role", "cue", "method",
          "closed", "neg", "neu", "pos", "compound")


def walk(paths, include=None):
    """The files ``quote extract`` analyzes for these arguments, in its order."""
    for path in paths:
        if os.path.isdir(path):
            yield from _walk_dir(path, include)
        else:
            yield path


def _walk_dir(directory, include):
    for name in sorted(os.listdir(directory), key=os.fsencode):
        if name.startswith("."):
            continue
        path = os.path.join(directory, name)
        if os.path.isdir(path):
            if not os.path.islink(path):     # links to directories are not followed
                yield from _walk_dir(path, include)
        elif os.path.isfile(path) or os.path.islink(path):
            if include is None or fnmatch.fnmatchcase(name, include):
                yield path


def analyze_file(path):
    """Runs on a worker: analyze one file, return (path, records, error)."""
    import libquote    # imported on the worker: each process loads the library once

    try:
        with open(path, "rb") as f:
            data = f.read()
        # bytes in, byte offsets out: the same offsets as the command line
        doc = libquote.Document(data)
    except (OSError, libquote.Error) as e:
        return path, [], str(e)
    out = []
    for q in doc.quotes:
        s = q.scores
        out.append({"file": path, "start": q.start, "end": q.end, "text": q.text,
                    "kind": q.kind, "speaker": q.speaker, "role": q.role, "cue": q.cue,
                    "method": q.method, "closed": bool(q.closed), "neg": s.neg,
                    "neu": s.neu, "pos": s.pos, "compound": s.compound})
    return path, out, None


def records(paths, include=None, partitions=None):
    """Analyze every file on the cluster; return (records, failures) with the
    records in input order and failures as (path, message) pairs."""
    import dask.bag as db

    files = list(walk(paths, include))
    if not files:
        return [], []
    bag = db.from_sequence(files, npartitions=partitions or min(len(files), 64))
    results = bag.map(analyze_file).compute()    # a bag keeps its order
    out, failures = [], []
    for path, recs, error in results:
        if error is not None:
            failures.append((path, error))
        out.extend(recs)
    return out, failures


def main(argv):
    from dask.distributed import Client, LocalCluster

    scheduler, workers, include, paths = None, 2, None, []
    for a in argv:
        if a.startswith("--scheduler="):
            scheduler = a.split("=", 1)[1]
        elif a.startswith("--workers="):
            workers = int(a.split("=", 1)[1])
        elif a.startswith("--include="):
            include = a.split("=", 1)[1]
        elif a.startswith("-") and a != "-":
            print(__doc__, file=sys.stderr)
            return 2
        else:
            paths.append(a)
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        recs, failures = records(paths, include)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for r in recs:
        sys.stdout.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
    for path, error in failures:
        print(f"dask_corpus: {path}: {error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
