package dev.polybridge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ContiguousRangesTest {

    @Test
    void consecutiveRowsFillPartitionsInOrderAndNearlyEqually() {
        ContiguousRanges ranges = new ContiguousRanges(3, 10);
        assertThat(LongStream.range(0, 10).mapToObj(i -> ranges.getPartition(i)).toList())
                .containsExactly(0, 0, 0, 0, 1, 1, 1, 2, 2, 2);
        ContiguousRanges more = new ContiguousRanges(4, 3);
        assertThat(LongStream.range(0, 3).mapToObj(i -> more.getPartition(i)).toList())
                .containsExactly(0, 1, 2);
        ContiguousRanges huge = new ContiguousRanges(7, 10_000_000_000L);
        assertThat(huge.getPartition(9_999_999_999L)).isEqualTo(6);
    }
}
