"""Stage 4, the Measures' computations every view shares: which talks count, coverage, deadlines, leads."""
