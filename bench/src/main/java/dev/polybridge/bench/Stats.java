package dev.polybridge.bench;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Medians and ratios of the comparison. */
final class Stats {

    private Stats() {}

    /** The middle value; the mean of the two middle values of an even count; empty for none. */
    static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) return OptionalDouble.empty();
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return OptionalDouble.of(sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }

    /**
     * Per-pair ratios: for every repetition in which both ran, the approach's figure over the baseline's.
     *
     * @param approach by repetition number
     * @param baseline by repetition number
     */
    static List<Double> pairRatios(Map<Integer, Double> approach, Map<Integer, Double> baseline) {
        return approach.entrySet().stream()
                .filter(entry -> baseline.get(entry.getKey()) != null && baseline.get(entry.getKey()) > 0)
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getValue() / baseline.get(entry.getKey()))
                .toList();
    }

    /** (last − first) / first: the growth of memory from the fewest to the most workers. */
    static double growth(double first, double last) {
        return (last - first) / first;
    }
}
