// Sparse-times-dense products for the clustering kernels, written with
// AVX2 and FMA intrinsics behind a run-time CPU check. Swift cannot target
// a wider instruction set per function, so these few loops live in C; the
// Clustering module calls them only when `refrain_clustering_has_avx2_fma`
// says the CPU has both extensions, and uses its portable Swift loops
// otherwise.

#ifndef REFRAIN_CLUSTERING_KERNELS_H
#define REFRAIN_CLUSTERING_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// 1 when the CPU runs AVX2 and FMA instructions (so the product kernels
/// below may be called), otherwise 0. Cheap after the first call.
int refrain_clustering_has_avx2_fma(void);

/// The products of CSR rows with the columns of a dense matrix stored
/// transposed:
///
///     out[(i - first) * stride + c] = Σ_p values[p] · matrix[indices[p] * stride + c]
///
/// for every column `c < stride` and every row `i` of the call: the rows
/// `rows[0 ..< count]` (each at least `first`), or `first ..< first + count`
/// when `rows` is NULL. Each product is summed by fused multiply-adds over
/// the row's entries `p` in stored order (`offsets[i] ..< offsets[i + 1]`), so
/// it depends only on its row and the matrix. `matrix` is
/// `dimension x stride`, row-major; `stride` must be a positive multiple of 4.
/// Columns are handled in sweeps of up to 48 that keep their sums in
/// registers while the row's entries stream by; the matrix rows of entries a
/// little ahead are prefetched.
/// Call only when `refrain_clustering_has_avx2_fma()` is 1.
/// - Complexity: O(nnz · stride) multiply-adds for the rows' nnz entries.
void refrain_sparse_products_f64(const ptrdiff_t *offsets, const int32_t *indices, const double *values,
                                 const ptrdiff_t *rows, ptrdiff_t first, ptrdiff_t count, const double *matrix,
                                 ptrdiff_t stride, double *out);

/// `refrain_sparse_products_f64` for `float`; `stride` must be a positive
/// multiple of 8, and sweeps cover up to 96 columns.
void refrain_sparse_products_f32(const ptrdiff_t *offsets, const int32_t *indices, const float *values,
                                 const ptrdiff_t *rows, ptrdiff_t first, ptrdiff_t count, const float *matrix,
                                 ptrdiff_t stride, float *out);

#endif
