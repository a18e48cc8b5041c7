"""The Dask recipe (bench/dask_corpus.py, shown in bench/DASK.md) on a local
cluster of worker processes gives exactly the records of
`quote extract --format=jsonl` over the news corpus."""

import importlib.util
import json
import logging
import os
import subprocess
import unittest

import lqtest


def load_recipe():
    path = os.path.join(lqtest.TOP_SRCDIR, "bench", "dask_corpus.py")
    spec = importlib.util.spec_from_file_location("dask_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_printed(record):
    """A record with its numbers as the command line prints them
    (jansson, JSON_REAL_PRECISION(6)), so both sides compare exactly."""
    out = dict(record)
    for k in ("neg", "neu", "pos", "compound"):
        if isinstance(out.get(k), float):
            out[k] = float("%.6g" % out[k])
    return out


class DaskCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:
            import dask  # noqa: F401
            import dask.bag  # noqa: F401
            from dask.distributed import Client, LocalCluster  # noqa: F401
        except ImportError as e:
            raise unittest.SkipTest(f"Dask is not installed for this interpreter ({e}); "
                                    "apt-get install python3-dask python3-distributed")
        try:
            import libquote  # noqa: F401
        except ImportError as e:
            raise unittest.SkipTest(f"the libquote Python bindings are not built ({e})")
        cls.news = lqtest.shared_path("corpora", "news")

    def cli_records(self, *args):
        proc = subprocess.run([lqtest.cli_path(), "extract", "--format=jsonl", "--no-progress",
                               "--no-summary", *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace"))
        return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]

    def test_local_cluster_equals_cli(self):
        from dask.distributed import Client, LocalCluster

        recipe = load_recipe()
        # Worker processes import libquote from the same places as this one.
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in [os.environ.get("LQ_PYTHON_STAGE"), os.environ.get("PYTHONPATH")] if p)
        files = list(recipe.walk([self.news], "*.txt"))
        self.assertGreater(len(files), 100)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            self.assertEqual(len(client.scheduler_info()["workers"]), 2)
            got, failures = recipe.records([self.news], "*.txt", partitions=8)
        self.assertEqual(failures, [])
        want = self.cli_records("--jobs=2", "--include=*.txt", self.news)
        self.assertGreater(len(want), 200, "the news corpus should hold hundreds of quotes")
        self.assertEqual(len(got), len(want))
        for i, (g, w) in enumerate(zip(got, want)):
            self.assertEqual(list(w), list(recipe.FIELDS), "field order of quote extract")
            self.assertEqual(as_printed(g), w, f"record {i} ({w['file']}) differs")

    def test_walk_matches_cli_file_order(self):
        recipe = load_recipe()
        files = list(recipe.walk([self.news], "*.txt"))
        self.assertEqual(files, sorted(files, key=os.fsencode))
        want = []
        for r in self.cli_records("--jobs=1", "--include=*.txt", self.news):
            if not want or want[-1] != r["file"]:
                want.append(r["file"])
        # every file with quotes appears, in the same order
        self.assertEqual([f for f in files if f in set(want)], want)


if __name__ == "__main__":
    unittest.main()
