// CBLAS and LAPACKE through Debian's generic headers. Which library provides
// the symbols is chosen at link and load time by Debian's alternatives
// (libblas.so.3, liblapack.so.3), so OpenBLAS is used when it is installed.
#ifndef REFRAIN_CBLAS_SHIM_H
#define REFRAIN_CBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
