package dev.polybridge.memory;

/**
 * The fields of {@code /proc/<pid>/stat} that process-tree measurement needs. CPU times are in clock ticks
 * ({@link #TICKS_PER_SECOND}); {@code startTime} (ticks since boot) tells a process from a later one that reuses
 * its pid.
 *
 * @param childUserTicks   user time of children this process has waited for (and, through them, their children)
 * @param childSystemTicks system time of the same waited-for children
 */
record ProcStat(
        long pid,
        String command,
        char state,
        long parentPid,
        long userTicks,
        long systemTicks,
        long childUserTicks,
        long childSystemTicks,
        long startTime) {

    /** USER_HZ: the unit of the times in /proc/<pid>/stat. It is 100 on every Linux ABI the JDK runs on. */
    public static final int TICKS_PER_SECOND = 100;

    /** CPU time of the process itself (all its threads) plus that of the children it has reaped. */
    public long treeTicks() {
        return userTicks + systemTicks + childUserTicks + childSystemTicks;
    }

    public static ProcStat parse(String text) {
        // The command name sits in parentheses and may itself contain spaces and parentheses: split after the last ')'.
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + text);
        }
        long pid = Long.parseLong(text.substring(0, open).strip());
        String[] fields = text.substring(close + 2).strip().split(" ");
        // fields[0] is field 3 of proc(5): state; utime is field 14, starttime field 22.
        return new ProcStat(
                pid,
                text.substring(open + 1, close),
                fields[0].charAt(0),
                Long.parseLong(fields[1]),
                Long.parseLong(fields[11]),
                Long.parseLong(fields[12]),
                Long.parseLong(fields[13]),
                Long.parseLong(fields[14]),
                Long.parseLong(fields[19]));
    }
}
