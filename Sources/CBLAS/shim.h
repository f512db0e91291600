// CBLAS and LAPACKE through Debian's generic headers. Which library provides
// the symbols is chosen at link and load time by Debian's alternatives
// (libblas.so.3, liblapack.so.3), so OpenBLAS is used when it is installed.
#ifndef REFRAIN_CBLAS_SHIM_H
#define REFRAIN_CBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>

// `dladdr` and `Dl_info` are GNU extensions that Swift's Glibc module does not
// export (it is built without _GNU_SOURCE). This mirror of `Dl_info` and the
// asm label bind `refrain_dladdr` to glibc's `dladdr` symbol, so Swift can ask
// which shared object provides a symbol (see BLASRuntime).
typedef struct refrain_dl_info {
    const char *dli_fname; // path of the shared object containing the address
    void *dli_fbase;       // base address at which that object is loaded
    const char *dli_sname; // name of the nearest symbol with a lower address
    void *dli_saddr;       // exact address of that symbol
} refrain_dl_info;
int refrain_dladdr(const void *address, refrain_dl_info *info) __asm__("dladdr");

// The addresses of the entry points whose providers BLASRuntime reports, taken
// in C so that Swift need not spell the header-specific enum types of their
// signatures (CBLAS_ORDER in OpenBLAS's cblas.h, CBLAS_LAYOUT in Netlib's).
static inline const void *refrain_address_of_cblas_sgemm(void) { return (const void *)&cblas_sgemm; }
static inline const void *refrain_address_of_LAPACKE_dgesdd(void) { return (const void *)&LAPACKE_dgesdd; }

#endif
