package dev.polybridge.cli;

import dev.polybridge.memory.MemoryJson;
import dev.polybridge.memory.MemoryReport;
import dev.polybridge.memory.MemoryReportTable;
import dev.polybridge.memory.MemoryReporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print this process's memory: RSS, PSS and USS as Linux counts them, the Java heap next to "
                + "them, Native Memory Tracking, and the native memory the JVM does not account for.")
public class MemoryCommand implements Runnable {

    @Option(names = "--json", description = "Print the report as JSON (schema in docs/memory.md).")
    boolean json;

    @Override
    public void run() {
        MemoryReport report = MemoryReporter.current();
        System.out.print(json ? MemoryJson.write(report) + System.lineSeparator() : MemoryReportTable.format(report));
    }
}
