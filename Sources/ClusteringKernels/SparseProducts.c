// AVX2 + FMA sparse-times-dense products; see ClusteringKernels.h.

#include "ClusteringKernels.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

/// How many stored entries ahead the matrix rows are prefetched: far enough
/// to cover a trip to L3 or memory, near enough to stay in L1.
#define PREFETCH_AHEAD 12

/// The most accumulators (256-bit registers) a sweep keeps: 12 of the 16
/// leave room for the broadcast value and the loads.
#define MAX_ACCUMULATORS 12

#define AVX2_FMA __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

int refrain_clustering_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/// Prefetches the `bytes` at `address` (every cache line they touch).
INLINE AVX2_FMA void prefetch_span(const char *address, ptrdiff_t bytes) {
    for (ptrdiff_t offset = 0; offset < bytes; offset += 64) _mm_prefetch(address + offset, _MM_HINT_T0);
    _mm_prefetch(address + bytes - 1, _MM_HINT_T0);
}

/// Defines `name`, one sweep over the rows of a call for columns
/// `column ..< column + lanes * count` of `scalar` values held `lanes` to a
/// `vector` register. `count` is a constant at each call site, so the loops
/// over it unroll and the sums stay in registers. The prefetch runs
/// `PREFETCH_AHEAD` entries ahead within a row and reaches into the next
/// row's first entries near its end.
#define DEFINE_SWEEP(name, scalar, vector, lanes, zero, broadcast, load, fma, store) \
    INLINE AVX2_FMA void name(const ptrdiff_t *offsets, const int32_t *indices, const scalar *values, \
                              const ptrdiff_t *rows, ptrdiff_t first, ptrdiff_t count, const scalar *matrix, \
                              ptrdiff_t stride, ptrdiff_t column, const int accumulators, scalar *out) { \
        const ptrdiff_t bytes = (ptrdiff_t)accumulators * 32; \
        for (ptrdiff_t r = 0; r < count; r++) { \
            const ptrdiff_t i = rows ? rows[r] : first + r; \
            const ptrdiff_t start = offsets[i], end = offsets[i + 1]; \
            const ptrdiff_t next = r + 1 < count ? offsets[rows ? rows[r + 1] : first + r + 1] : start; \
            const ptrdiff_t next_end = r + 1 < count ? offsets[(rows ? rows[r + 1] : first + r + 1) + 1] : end; \
            vector sums[MAX_ACCUMULATORS]; \
            for (int a = 0; a < accumulators; a++) sums[a] = zero(); \
            for (ptrdiff_t p = start; p < end; p++) { \
                ptrdiff_t ahead = p + PREFETCH_AHEAD; \
                if (ahead >= end) ahead = next + (ahead - end) < next_end ? next + (ahead - end) : end - 1; \
                prefetch_span((const char *)(matrix + (ptrdiff_t)indices[ahead] * stride + column), bytes); \
                const scalar *source = matrix + (ptrdiff_t)indices[p] * stride + column; \
                const vector value = broadcast(values[p]); \
                for (int a = 0; a < accumulators; a++) sums[a] = fma(load(source + lanes * a), value, sums[a]); \
            } \
            scalar *target = out + (i - first) * stride + column; \
            for (int a = 0; a < accumulators; a++) store(target + lanes * a, sums[a]); \
        } \
    }

DEFINE_SWEEP(sweep_f64, double, __m256d, 4, _mm256_setzero_pd, _mm256_set1_pd, _mm256_loadu_pd, _mm256_fmadd_pd,
             _mm256_storeu_pd)
DEFINE_SWEEP(sweep_f32, float, __m256, 8, _mm256_setzero_ps, _mm256_set1_ps, _mm256_loadu_ps, _mm256_fmadd_ps,
             _mm256_storeu_ps)

#define SWEEP_CASE(sweep, n) \
    case n: sweep(offsets, indices, values, rows, first, count, matrix, stride, column, n, out); break;

/// Defines the exported `name`: sweeps of up to `MAX_ACCUMULATORS`
/// registers of `lanes` values across the stride.
#define DEFINE_PRODUCTS(name, sweep, scalar, lanes) \
    AVX2_FMA void name(const ptrdiff_t *offsets, const int32_t *indices, const scalar *values, \
                       const ptrdiff_t *rows, ptrdiff_t first, ptrdiff_t count, const scalar *matrix, \
                       ptrdiff_t stride, scalar *out) { \
        for (ptrdiff_t column = 0; column < stride;) { \
            ptrdiff_t width = stride - column; \
            if (width > lanes * MAX_ACCUMULATORS) width = lanes * MAX_ACCUMULATORS; \
            switch (width / lanes) { \
                SWEEP_CASE(sweep, 1) SWEEP_CASE(sweep, 2) SWEEP_CASE(sweep, 3) SWEEP_CASE(sweep, 4) \
                SWEEP_CASE(sweep, 5) SWEEP_CASE(sweep, 6) SWEEP_CASE(sweep, 7) SWEEP_CASE(sweep, 8) \
                SWEEP_CASE(sweep, 9) SWEEP_CASE(sweep, 10) SWEEP_CASE(sweep, 11) SWEEP_CASE(sweep, 12) \
                default: break; \
            } \
            column += width; \
        } \
    }

DEFINE_PRODUCTS(refrain_sparse_products_f64, sweep_f64, double, 4)
DEFINE_PRODUCTS(refrain_sparse_products_f32, sweep_f32, float, 8)

#else

// Other architectures: the Swift loops run instead (the check says 0); these
// plain loops only keep the symbols defined.

int refrain_clustering_has_avx2_fma(void) { return 0; }

#define PLAIN_PRODUCTS(name, scalar) \
    void name(const ptrdiff_t *offsets, const int32_t *indices, const scalar *values, const ptrdiff_t *rows, \
              ptrdiff_t first, ptrdiff_t count, const scalar *matrix, ptrdiff_t stride, scalar *out) { \
        for (ptrdiff_t r = 0; r < count; r++) { \
            const ptrdiff_t i = rows ? rows[r] : first + r; \
            scalar *target = out + (i - first) * stride; \
            for (ptrdiff_t c = 0; c < stride; c++) target[c] = 0; \
            for (ptrdiff_t p = offsets[i]; p < offsets[i + 1]; p++) { \
                const scalar *source = matrix + (ptrdiff_t)indices[p] * stride; \
                for (ptrdiff_t c = 0; c < stride; c++) target[c] += values[p] * source[c]; \
            } \
        } \
    }

PLAIN_PRODUCTS(refrain_sparse_products_f64, double)
PLAIN_PRODUCTS(refrain_sparse_products_f32, float)

#endif
