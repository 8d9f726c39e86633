package dev.polybridge.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP load generator for the service: {@code concurrency} virtual-thread clients each send a request,
 * wait for its response and send the next. Bounded twice, by a request count and a duration; loopback targets only,
 * so a benchmark can never load another machine.
 */
public final class LoadGenerator {

    /**
     * @param body  the JSON body of request {@code i}
     * @param check whether the response body of request {@code i} is right (status 200 bodies only)
     */
    public record Settings(
            URI target,
            int concurrency,
            int maxRequests,
            Duration maxDuration,
            IntFunction<String> body,
            BiPredicate<Integer, String> check) {
        public Settings {
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            if (maxRequests < 1) throw new IllegalArgumentException("max requests must be >= 1, got " + maxRequests);
            if (maxDuration.isZero() || maxDuration.isNegative()) {
                throw new IllegalArgumentException("max duration must be positive, got " + maxDuration);
            }
            requireLoopback(target);
        }
    }

    /**
     * @param statuses responses by HTTP status; status 0 counts requests that failed without a response
     * @param wrong    200 responses whose body failed the check
     */
    public record Result(
            int concurrency,
            long requests,
            Map<Integer, Long> statuses,
            long wrong,
            double seconds,
            double requestsPerSecond,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double maxMs) {
        public long ok() {
            return statuses.getOrDefault(200, 0L);
        }
    }

    private LoadGenerator() {}

    public static Result run(Settings settings) throws InterruptedException {
        long[] latencies = new long[settings.maxRequests()];
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong wrong = new AtomicLong();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            long started = System.nanoTime();
            long deadline = started + settings.maxDuration().toNanos();
            Thread[] clients = new Thread[settings.concurrency()];
            for (int c = 0; c < clients.length; c++) {
                clients[c] = Thread.ofVirtual().name("load-client-", c).start(() -> {
                    int i;
                    while (System.nanoTime() < deadline && (i = issued.getAndIncrement()) < settings.maxRequests()) {
                        HttpRequest request = HttpRequest.newBuilder(settings.target())
                                .timeout(Duration.ofSeconds(120))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        settings.body().apply(i)))
                                .build();
                        long sent = System.nanoTime();
                        int status;
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            status = response.statusCode();
                            if (status == 200 && !settings.check().test(i, response.body())) wrong.incrementAndGet();
                        } catch (IOException e) {
                            status = 0;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        latencies[recorded.getAndIncrement()] = System.nanoTime() - sent;
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    }
                });
            }
            for (Thread thread : clients) thread.join();
            double seconds = (System.nanoTime() - started) / 1e9;
            int n = recorded.get();
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            Map<Integer, Long> byStatus = new TreeMap<>();
            statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
            return new Result(
                    settings.concurrency(),
                    n,
                    byStatus,
                    wrong.get(),
                    seconds,
                    n / seconds,
                    percentileMs(sorted, 50),
                    percentileMs(sorted, 95),
                    percentileMs(sorted, 99),
                    n == 0 ? Double.NaN : sorted[n - 1] / 1e6);
        }
    }

    /** Nearest-rank percentile. */
    static double percentileMs(long[] sorted, double percentile) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static void requireLoopback(URI target) {
        try {
            if (target.getHost() == null
                    || !InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(
                        "the load generator only targets loopback (127.0.0.1), not " + target);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + target, e);
        }
    }
}
