"""The Python examples of the READMEs work as written."""

import os
import re
import subprocess
import sys
import unittest

import lqtest

BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def examples(relative):
    path = os.path.join(lqtest.TOP_SRCDIR, relative)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return BLOCK.findall(f.read())


class ReadmeTest(unittest.TestCase):
    def run_example(self, code):
        # From the top of the source tree, as a reader would; the package and
        # the data directory come from the test environment.
        proc = subprocess.run([sys.executable, "-c", code], cwd=lqtest.TOP_SRCDIR,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace"))
        self.assertTrue(proc.stdout.strip(), "the example printed nothing")
        return proc.stdout.decode("utf-8")

    def test_bindings_readme(self):
        blocks = examples(os.path.join("bindings", "python", "README.md"))
        self.assertTrue(blocks, "bindings/python/README.md has no Python example")
        for code in blocks:
            self.assertLessEqual(len(code.strip().splitlines()), 5, "the example is not short")
            out = self.run_example(code)
            self.assertIn("Scores(", out)
            self.assertIn("\u201c", out)  # quotes printed with their marks

    def test_top_readme(self):
        for code in examples("README.md"):
            self.run_example(code)


if __name__ == "__main__":
    unittest.main()
