package dev.polybridge.regression;

/**
 * The SplitMix64 generator (Steele, Lea, Flood 2014), written out so that the split and the synthetic batches
 * can be reproduced bit for bit in any language: {@code scripts/regression_golden.py} implements the same steps.
 * {@link java.util.SplittableRandom} uses the same mixer, but its bounded draws are an implementation detail.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A draw in [0, bound): the next 64-bit output, unsigned, modulo bound (bias below 2^-40 for bound < 2^24). */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }
}
