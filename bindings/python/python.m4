# Python bindings switch. --enable-python=yes|no|auto (default auto).
AC_ARG_ENABLE([python],
  [AS_HELP_STRING([--enable-python], [build the SWIG Python bindings @<:@default=auto@:>@])],
  [], [enable_python=auto])
# Detection of SWIG and the Python headers is added with the bindings.
AS_IF([test "x$enable_python" = xyes],
  [AC_MSG_ERROR([the Python bindings are not part of this version yet])])
enable_python=no
AM_CONDITIONAL([ENABLE_PYTHON], [test "x$enable_python" = xyes])
