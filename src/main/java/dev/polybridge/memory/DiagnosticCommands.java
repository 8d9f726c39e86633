package dev.polybridge.memory;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/** The jcmd diagnostic commands of this JVM, run in-process through the DiagnosticCommand MBean. */
final class DiagnosticCommands {

    private static final Pattern ADDRESS_RANGE =
            Pattern.compile("\\[(0x[0-9a-f]+)(?:,\\s*0x[0-9a-f]+)*,\\s*(0x[0-9a-f]+)\\)");

    private DiagnosticCommands() {}

    /** The address range the Java heap is reserved in, from GC.heap_info ({@code [bottom, ..., end)} per space). */
    record HeapRange(long start, long end) {}

    static NativeMemoryTracking nativeMemory() {
        return NativeMemoryTracking.parse(run("vmNativeMemory", "summary", "scale=KB"));
    }

    static Optional<HeapRange> heapRange() {
        return parseHeapRange(run("gcHeapInfo"));
    }

    /**
     * G1 prints one range for the whole heap; Serial and Parallel one per generation (taken together); ZGC and
     * Shenandoah print none, and then the heap's resident share stays unknown.
     */
    static Optional<HeapRange> parseHeapRange(String heapInfo) {
        int metaspace = heapInfo.indexOf("Metaspace");
        Matcher range = ADDRESS_RANGE.matcher(metaspace < 0 ? heapInfo : heapInfo.substring(0, metaspace));
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        while (range.find()) {
            start = Math.min(start, Long.parseUnsignedLong(range.group(1).substring(2), 16));
            end = Math.max(end, Long.parseUnsignedLong(range.group(2).substring(2), 16));
        }
        return start < end ? Optional.of(new HeapRange(start, end)) : Optional.empty();
    }

    private static String run(String operation, String... arguments) {
        try {
            ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(diagnostics, operation, new Object[] {arguments}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("diagnostic command " + operation + " failed", e);
        }
    }
}
