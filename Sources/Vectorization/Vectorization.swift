// Vectorization
