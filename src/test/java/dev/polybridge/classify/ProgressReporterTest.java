package dev.polybridge.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static final Pattern LOG_LINE = Pattern.compile(
            "\\d\\d:\\d\\d:\\d\\d classify: \\d+/1000 rows \\(\\d+\\.\\d%\\), \\d+\\.\\d rows/s, ETA (\\d+:\\d\\d|\\?)");

    private static String run(ProgressReporter.Mode mode, long alreadyDone) throws InterruptedException {
        StringWriter text = new StringWriter();
        try (ProgressReporter progress =
                new ProgressReporter(mode, new PrintWriter(text), 1000, alreadyDone, Duration.ofMillis(40))) {
            for (int i = 0; i < 10; i++) {
                progress.accept((1000 - alreadyDone) / 10);
                Thread.sleep(30);
            }
        }
        return text.toString();
    }

    @Test
    void withoutATerminalItLogsPlainLinesWithRateAndEtaAndALastOne() throws InterruptedException {
        List<String> lines = run(ProgressReporter.Mode.LOG, 0).lines().toList();
        assertTrue(lines.size() >= 2, "periodic lines and a last one: " + lines);
        for (String line : lines) assertTrue(LOG_LINE.matcher(line).matches(), line);
        assertTrue(lines.getLast().contains("1000/1000 rows (100.0%)"), lines.getLast());
        assertTrue(lines.getLast().endsWith("ETA 0:00"), lines.getLast());
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceWithRateAndEta() throws InterruptedException {
        String text = run(ProgressReporter.Mode.BAR, 0);
        assertTrue(text.startsWith("\rclassify ["), text);
        assertTrue(text.endsWith(System.lineSeparator()), "the last bar's line is ended");
        String last = text.substring(text.lastIndexOf('\r') + 1).strip();
        assertTrue(Pattern.matches("classify \\[#{30}] 100% 1000/1000 rows  \\d+\\.\\d rows/s  ETA 0:00", last), last);
    }

    @Test
    void aResumedRunStartsFromTheRowsAlreadyWritten() throws InterruptedException {
        List<String> lines = run(ProgressReporter.Mode.LOG, 600).lines().toList();
        assertTrue(lines.getLast().contains("1000/1000 rows (100.0%)"), lines.getLast());
    }

    @Test
    void offPrintsNothing() throws InterruptedException {
        assertEquals("", run(ProgressReporter.Mode.OFF, 0));
    }

    @Test
    void durationsReadAsMinutesOrHours() {
        assertEquals("0:07", ProgressReporter.formatDuration(7.4));
        assertEquals("2:05", ProgressReporter.formatDuration(125));
        assertEquals("1:01:01", ProgressReporter.formatDuration(3661));
    }
}
