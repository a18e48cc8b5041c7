# SWIG Python bindings: detection, included from configure.ac.
#
# --enable-python=auto (default): build the bindings when SWIG, a Python 3
#   interpreter and its headers are all found, and shared libraries are built.
# --enable-python (=yes): the same pieces are required; a missing one is an
#   error that names the Debian package to install.
# --disable-python: skip the bindings.
#
# The extension is built by libtool for the interpreter in $PYTHON (pass
# PYTHON=/usr/bin/python3 to pin it; `make check` runs the tests with the same
# one). Plain shell `if`s on purpose: AS_IF would hoist the AC_REQUIREd parts
# of AM_PATH_PYTHON out of the conditional.
AC_ARG_ENABLE([python],
  [AS_HELP_STRING([--enable-python], [build the SWIG Python bindings @<:@default=auto@:>@])],
  [], [enable_python=auto])

case $enable_python in
  yes|no|auto) ;;
  *) AC_MSG_ERROR([--enable-python takes yes, no or auto, not '$enable_python']) ;;
esac

lq_python_missing=
if test "x$enable_python" != xno; then
  if test "x$enable_shared" = xno; then
    lq_python_missing="shared libraries (a Python extension is a shared object: drop --disable-shared)"
  fi
fi

if test "x$enable_python" != xno && test -z "$lq_python_missing"; then
  AX_PKG_SWIG([3.0.0], [], [lq_python_missing="SWIG >= 3 (apt-get install swig)"])
fi

if test "x$enable_python" != xno && test -z "$lq_python_missing"; then
  AM_PATH_PYTHON([3.7], [], [:])
  if test "x$PYTHON" = "x:" || test -z "$PYTHON"; then
    lq_python_missing="a Python 3.7+ interpreter (apt-get install python3-dev, or set PYTHON=)"
  fi
fi

if test "x$enable_python" != xno && test -z "$lq_python_missing"; then
  AC_MSG_CHECKING([for the Python include directory])
  lq_python_inc=`$PYTHON -c 'import sysconfig; print(sysconfig.get_paths()[["include"]])' 2>/dev/null`
  lq_python_platinc=`$PYTHON -c 'import sysconfig; print(sysconfig.get_paths()[["platinclude"]])' 2>/dev/null`
  AC_MSG_RESULT([$lq_python_inc])
  PYTHON_CPPFLAGS="-I$lq_python_inc"
  if test -n "$lq_python_platinc" && test "x$lq_python_platinc" != "x$lq_python_inc"; then
    PYTHON_CPPFLAGS="$PYTHON_CPPFLAGS -I$lq_python_platinc"
  fi
  lq_save_CPPFLAGS=$CPPFLAGS
  CPPFLAGS="$CPPFLAGS $PYTHON_CPPFLAGS"
  # A fresh cache variable per interpreter: switching PYTHON re-checks.
  AS_UNSET([ac_cv_header_Python_h])
  AC_CHECK_HEADER([Python.h], [],
    [lq_python_missing="the Python headers for $PYTHON (apt-get install python3-dev)"])
  CPPFLAGS=$lq_save_CPPFLAGS

  AC_MSG_CHECKING([for the Python extension suffix])
  PYTHON_EXT_SUFFIX=`$PYTHON -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX") or ".so")' 2>/dev/null`
  test -n "$PYTHON_EXT_SUFFIX" || PYTHON_EXT_SUFFIX=.so
  AC_MSG_RESULT([$PYTHON_EXT_SUFFIX])
fi

if test -n "$lq_python_missing"; then
  if test "x$enable_python" = xyes; then
    AC_MSG_ERROR([--enable-python needs $lq_python_missing])
  fi
  AC_MSG_NOTICE([Python bindings disabled: missing $lq_python_missing])
  enable_python=no
elif test "x$enable_python" = xauto; then
  enable_python=yes
fi

AC_SUBST([PYTHON_CPPFLAGS])
AC_SUBST([PYTHON_EXT_SUFFIX])
AM_CONDITIONAL([ENABLE_PYTHON], [test "x$enable_python" = xyes])
