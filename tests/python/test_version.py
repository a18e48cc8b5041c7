"""The package under test is the one just built, and its version is the C library's."""

import os
import sysconfig
import unittest

import libquote
from libquote import capi

import lqtest


class VersionTest(unittest.TestCase):
    def test_version_is_the_c_library_version(self):
        self.assertEqual(libquote.__version__, capi.lq_version())

    def test_version_is_configure_version(self):
        expected = os.environ.get("LQ_PACKAGE_VERSION")
        if expected is None:
            self.skipTest("LQ_PACKAGE_VERSION is set by `make check` only")
        self.assertEqual(libquote.__version__, expected)

    def test_headers_and_library_agree(self):
        # LQ_VERSION_STRING is the header the wrapper was compiled with.
        self.assertEqual(capi.LQ_VERSION_STRING, capi.lq_version())
        self.assertEqual(capi.LQ_VERSION_NUMBER,
                         (capi.LQ_VERSION_MAJOR << 16) | (capi.LQ_VERSION_MINOR << 8)
                         | capi.LQ_VERSION_PATCH)
        self.assertEqual(libquote.__version__.split("."),
                         [str(capi.LQ_VERSION_MAJOR), str(capi.LQ_VERSION_MINOR),
                          str(capi.LQ_VERSION_PATCH)])

    def test_cli_reports_the_same_version(self):
        out = lqtest.run_cli("--version").decode("utf-8")
        self.assertIn(libquote.__version__, out)

    def test_imports_the_built_package(self):
        stage = os.environ.get("LQ_PYTHON_STAGE")
        if stage is None:
            self.skipTest("LQ_PYTHON_STAGE is set by `make check` only")
        self.assertTrue(os.path.abspath(libquote.__file__).startswith(os.path.abspath(stage)),
                        libquote.__file__)
        # The extension is named for this interpreter (ImportError elsewhere).
        ext = capi._libquote.__file__
        self.assertTrue(ext.endswith(sysconfig.get_config_var("EXT_SUFFIX")), ext)
        self.assertTrue(os.path.abspath(ext).startswith(os.path.abspath(stage)), ext)

    def test_public_names(self):
        for name in libquote.__all__:
            self.assertTrue(hasattr(libquote, name), name)
        for name in ("analyze", "score", "explain", "normalize", "Lexicon", "speakers",
                     "Document"):
            self.assertTrue(getattr(libquote, name).__doc__, f"{name} has no docstring")


if __name__ == "__main__":
    unittest.main()
