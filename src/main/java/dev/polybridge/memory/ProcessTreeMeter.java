package dev.polybridge.memory;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command and measures its whole process tree, children that come and go included: wall and CPU time, the
 * tree's PSS and RSS sampled at a fixed interval, the processes seen, the exit status. One method for every
 * program compared (Python single process, Python multiprocessing, Go + MetaCall, polybridge itself).
 */
public final class ProcessTreeMeter {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(50);

    /** The CPU time comes from this JVM's reaped-children accounting: two measurements at once would mix it. */
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();

    private static final List<String> METHOD = List.of(
            "tree: every process whose parent is in the tree, found anew each tick from /proc/<pid>/stat; processes "
                    + "seen once stay in the tree when re-parented; pid and start time identify a process",
            "memory: Rss, Pss and Private_* of /proc/<pid>/smaps_rollup per process, summed over the tree per tick; "
                    + "peaks between two ticks are not seen",
            "CPU: this JVM's children times (/proc/self/stat cutime, cstime) across the run: the command and every "
                    + "descendant waited for, exact to a clock tick; plus descendants re-parented out of the tree, "
                    + "as last sampled",
            "exit: a death by signal N shows as status 128 + N, as in a shell");

    /**
     * @param directory working directory of the command; null for this process's
     */
    public record Options(Duration interval, Redirect output, Redirect errors, Path directory) {

        public Options {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("sampling interval must be positive, got " + interval);
            }
        }

        /** The command's output and errors go where this process's go. */
        public static Options every(Duration interval) {
            return new Options(interval, Redirect.INHERIT, Redirect.INHERIT, null);
        }

        public Options discardingOutput() {
            return new Options(interval, Redirect.DISCARD, Redirect.DISCARD, directory);
        }
    }

    private ProcessTreeMeter() {}

    private static final Pattern INTERVAL = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)");

    /** A sampling interval as people write it: {@code 50ms}, {@code 0.5s}; at least 1 ms. */
    public static Duration parseInterval(String value) {
        Matcher matcher = INTERVAL.matcher(value.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an interval such as 50ms or 0.5s");
        }
        double amount = Double.parseDouble(matcher.group(1));
        long nanos = Math.round(amount * (matcher.group(2).equals("ms") ? 1e6 : 1e9));
        if (nanos < 1_000_000) {
            throw new IllegalArgumentException("the interval must be at least 1ms, got '" + value + "'");
        }
        return Duration.ofNanos(nanos);
    }

    public static MeasureResult run(List<String> command, Duration interval) throws InterruptedException {
        return run(command, Options.every(interval));
    }

    /** Interrupting the caller kills the command's tree and rethrows. */
    public static MeasureResult run(List<String> command, Options options) throws InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to measure");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(options.output())
                .redirectError(options.errors())
                .redirectInput(Redirect.INHERIT);
        if (options.directory() != null) {
            builder.directory(options.directory().toFile());
        }
        ONE_AT_A_TIME.lockInterruptibly();
        try {
            return measure(command, builder, options.interval());
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }

    private static MeasureResult measure(List<String> command, ProcessBuilder builder, Duration interval)
            throws InterruptedException {
        ProcStat selfBefore = selfStat();
        String startedAt = Instant.now().toString();
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return notStarted(command, startedAt, interval, ExitStatus.notStarted(command.getFirst(), e));
        }
        TreeSampler sampler = new TreeSampler(process, startNanos);
        Thread samplerThread =
                Thread.ofPlatform().name("measure-sampler").daemon().start(() -> sampler.sampleUntilExit(interval));
        int exitValue;
        try {
            exitValue = process.waitFor();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        samplerThread.join();
        ProcStat selfAfter = selfStat();

        double user =
                ticksToSeconds(selfAfter.childUserTicks() - selfBefore.childUserTicks() + sampler.orphanedUserTicks());
        double system = ticksToSeconds(
                selfAfter.childSystemTicks() - selfBefore.childSystemTicks() + sampler.orphanedSystemTicks());
        MeasureResult.Cpu cpu = new MeasureResult.Cpu(
                user,
                system,
                user + system,
                (user + system) / wallSeconds,
                ticksToSeconds(sampler.orphanedUserTicks() + sampler.orphanedSystemTicks()),
                ticksToSeconds(sampler.maxSampledTicks()));
        List<MeasureResult.Sample> samples = sampler.samples();
        return new MeasureResult(
                MeasureResult.SCHEMA,
                List.copyOf(command),
                startedAt,
                ExitStatus.exited(exitValue),
                wallSeconds,
                cpu,
                treeMemory(samples, wallSeconds),
                new MeasureResult.Processes(sampler.seen(), peakConcurrent(samples), sampler.leftRunning()),
                new MeasureResult.Sampling(
                        interval.toNanos() / 1e9, samples.size(), sampler.samplerCpuSeconds(), METHOD),
                samples);
    }

    private static MeasureResult.TreeMemory treeMemory(List<MeasureResult.Sample> samples, double wallSeconds) {
        long peakPss = 0;
        long peakRss = 0;
        long peakUss = 0;
        long rootPeakPss = 0;
        long rootPeakRss = 0;
        double pssTimeIntegral = 0;
        for (int i = 0; i < samples.size(); i++) {
            MeasureResult.Sample sample = samples.get(i);
            peakPss = Math.max(peakPss, sample.pssBytes());
            peakRss = Math.max(peakRss, sample.rssBytes());
            peakUss = Math.max(peakUss, sample.ussBytes());
            rootPeakPss = Math.max(rootPeakPss, sample.rootPssBytes());
            rootPeakRss = Math.max(rootPeakRss, sample.rootRssBytes());
            // Each sample holds until the next one (the last until the command exits).
            double until = i + 1 < samples.size() ? samples.get(i + 1).atSeconds() : wallSeconds;
            pssTimeIntegral += sample.pssBytes() * Math.max(0, until - sample.atSeconds());
        }
        double sampledSpan =
                samples.isEmpty() ? 0 : wallSeconds - samples.getFirst().atSeconds();
        long meanPss = sampledSpan > 0 ? Math.round(pssTimeIntegral / sampledSpan) : peakPss;
        return new MeasureResult.TreeMemory(peakPss, meanPss, peakRss, peakUss, rootPeakPss, rootPeakRss);
    }

    private static int peakConcurrent(List<MeasureResult.Sample> samples) {
        return samples.stream().mapToInt(MeasureResult.Sample::processes).max().orElse(0);
    }

    private static MeasureResult notStarted(
            List<String> command, String startedAt, Duration interval, ExitStatus exit) {
        return new MeasureResult(
                MeasureResult.SCHEMA,
                List.copyOf(command),
                startedAt,
                exit,
                0,
                new MeasureResult.Cpu(0, 0, 0, 0, 0, 0),
                new MeasureResult.TreeMemory(0, 0, 0, 0, 0, 0),
                new MeasureResult.Processes(0, 0, 0),
                new MeasureResult.Sampling(interval.toNanos() / 1e9, 0, 0, METHOD),
                List.of());
    }

    private static ProcStat selfStat() {
        return ProcFs.stat(ProcFs.selfPid())
                .orElseThrow(() -> new IllegalStateException("/proc/self/stat is not readable: measuring needs Linux"));
    }

    private static double ticksToSeconds(long ticks) {
        return (double) ticks / ProcStat.TICKS_PER_SECOND;
    }
}
