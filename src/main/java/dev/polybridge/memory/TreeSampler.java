package dev.polybridge.memory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples one command's process tree until its first process (the root) exits.
 *
 * <p>The tree is found again at every tick from the parent pids in /proc, starting from the root and from every
 * process already seen in the tree: a process whose parent exited is re-parented (to init or a subreaper) but stays
 * in the tree, because it was seen before. A process forked and orphaned between two ticks is never seen. Processes
 * are told apart by pid and start time, so a recycled pid does not join.
 *
 * <p>CPU time of a process reaches its parent's "children" times when the parent waits for it, and the root's
 * whole tree reaches this JVM's when the JVM reaps the root; that is the exact figure {@link ProcessTreeMeter}
 * uses. A process re-parented out of the tree (an orphan) is reaped by someone else, so its CPU time, as last
 * sampled, is added here as "orphaned".
 */
final class TreeSampler {

    private final Process root;
    private final long startNanos;
    private final Map<Long, Long> startTimeByMember = new LinkedHashMap<>();
    private final Set<Long> outsiders = new HashSet<>();
    private final List<MeasureResult.Sample> samples = new ArrayList<>();
    private Map<Long, ProcStat> previousMembers = Map.of();
    private long orphanedUserTicks;
    private long orphanedSystemTicks;
    private long maxSampledTicks;
    private long samplerCpuNanos;
    private int leftRunning;

    TreeSampler(Process root, long startNanos) {
        this.root = root;
        this.startNanos = startNanos;
    }

    void sampleUntilExit(Duration interval) {
        long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long next = System.nanoTime();
        while (root.isAlive()) {
            sample();
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
        finish();
        samplerCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
    }

    private void sample() {
        double at = (System.nanoTime() - startNanos) / 1e9;
        Map<Long, ProcStat> members = currentMembers();
        countOrphansThatExited(members);
        long pss = 0;
        long rss = 0;
        long uss = 0;
        long ticks = 0;
        SmapsRollup rootRollup = SmapsRollup.EMPTY;
        for (ProcStat member : members.values()) {
            // A zombie, or a process that exited mid-read, has no mappings left: it counts as zero.
            SmapsRollup rollup = ProcFs.smapsRollup(member.pid()).orElse(SmapsRollup.EMPTY);
            pss += rollup.pss();
            rss += rollup.rss();
            uss += rollup.uss();
            ticks += member.treeTicks();
            if (member.pid() == root.pid()) {
                rootRollup = rollup;
            }
        }
        maxSampledTicks = Math.max(maxSampledTicks, ticks + orphanedUserTicks + orphanedSystemTicks);
        samples.add(new MeasureResult.Sample(at, members.size(), pss, rss, uss, rootRollup.pss(), rootRollup.rss()));
        previousMembers = members;
    }

    /**
     * The tree now: the root and every known member still alive, then all their descendants. Only members and
     * processes not seen before are read: a process once found outside the tree can never join it (re-parenting
     * moves a process to init or a subreaper, never into another tree), which keeps a tick cheap.
     */
    private Map<Long, ProcStat> currentMembers() {
        List<Long> pids = ProcFs.allPids();
        outsiders.retainAll(new HashSet<>(pids));
        Map<Long, ProcStat> candidates = new HashMap<>();
        Map<Long, List<Long>> childrenByParent = new HashMap<>();
        for (long pid : pids) {
            if (!outsiders.contains(pid)) {
                ProcFs.stat(pid).ifPresent(stat -> {
                    candidates.put(pid, stat);
                    childrenByParent
                            .computeIfAbsent(stat.parentPid(), parent -> new ArrayList<>())
                            .add(pid);
                });
            }
        }
        Queue<Long> toVisit = new ArrayDeque<>();
        if (candidates.containsKey(root.pid())) {
            // The root's pid cannot have been recycled: it is our child and is not reaped while this runs.
            toVisit.add(root.pid());
        }
        startTimeByMember.forEach((pid, startTime) -> {
            ProcStat stat = candidates.get(pid);
            if (stat != null && stat.startTime() == startTime) {
                toVisit.add(pid);
            } else if (stat == null) {
                // A member that exited since the listing: its children, not yet re-parented, are still ours.
                toVisit.addAll(childrenByParent.getOrDefault(pid, List.of()));
            }
        });
        Map<Long, ProcStat> members = new LinkedHashMap<>();
        while (!toVisit.isEmpty()) {
            ProcStat stat = candidates.get(toVisit.remove());
            if (members.putIfAbsent(stat.pid(), stat) == null) {
                startTimeByMember.put(stat.pid(), stat.startTime());
                toVisit.addAll(childrenByParent.getOrDefault(stat.pid(), List.of()));
            }
        }
        candidates.keySet().stream().filter(pid -> !members.containsKey(pid)).forEach(outsiders::add);
        return members;
    }

    /**
     * A member that is gone and whose parent, when last seen, was not in the tree had been re-parented away:
     * nobody in the tree reaps it, so its CPU time as last sampled is counted here.
     */
    private void countOrphansThatExited(Map<Long, ProcStat> members) {
        for (ProcStat gone : previousMembers.values()) {
            if (!members.containsKey(gone.pid())
                    && gone.pid() != root.pid()
                    && !previousMembers.containsKey(gone.parentPid())) {
                addOrphaned(gone);
            }
        }
    }

    /** After the root exits, members still running were not reaped through it: their CPU time so far is orphaned. */
    private void finish() {
        for (ProcStat member : previousMembers.values()) {
            boolean running = member.pid() != root.pid()
                    && ProcFs.stat(member.pid())
                            .filter(now -> now.startTime() == member.startTime() && now.state() != 'Z')
                            .isPresent();
            if (running) {
                leftRunning++;
                addOrphaned(member);
            }
        }
    }

    private void addOrphaned(ProcStat process) {
        orphanedUserTicks += process.userTicks() + process.childUserTicks();
        orphanedSystemTicks += process.systemTicks() + process.childSystemTicks();
    }

    List<MeasureResult.Sample> samples() {
        return List.copyOf(samples);
    }

    int seen() {
        return startTimeByMember.size();
    }

    int leftRunning() {
        return leftRunning;
    }

    long orphanedUserTicks() {
        return orphanedUserTicks;
    }

    long orphanedSystemTicks() {
        return orphanedSystemTicks;
    }

    long maxSampledTicks() {
        return maxSampledTicks;
    }

    double samplerCpuSeconds() {
        return samplerCpuNanos / 1e9;
    }
}
