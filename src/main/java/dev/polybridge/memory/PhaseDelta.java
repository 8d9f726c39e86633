package dev.polybridge.memory;

/**
 * The memory one loading phase added (the Python context, the model): {@code added = after - before}.
 * Phases that overlap in time (nested, or on other threads) share their deltas.
 */
public record PhaseDelta(String phase, MemorySnapshot before, MemorySnapshot after, MemorySnapshot added) {}
