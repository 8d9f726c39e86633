package dev.polybridge.spark;

import org.apache.spark.Partitioner;

/**
 * Cuts rows keyed by their position 0..rows-1 into {@code partitions} runs of consecutive rows of nearly equal
 * size, partition i before partition i+1. Sorted within partitions, the records come out in input order, one part
 * file per partition, with no global sort (whose sampling would run the classification twice).
 */
final class ContiguousRanges extends Partitioner {

    private final int partitions;
    private final long rows;

    ContiguousRanges(int partitions, long rows) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        this.partitions = partitions;
        this.rows = rows;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long position = (Long) key;
        return (int) Math.min(partitions - 1, (long) (position * (double) partitions / rows));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContiguousRanges that && that.partitions == partitions && that.rows == rows;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + partitions;
    }
}
