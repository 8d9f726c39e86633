package dev.polybridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ClassInitAheadTest {
    static final AtomicBoolean OUTSIDER_INITIALIZED = new AtomicBoolean();

    /** A class the list may name but must not initialize: it is neither GraalPy's nor Truffle's. */
    static final class Outsider {
        static {
            OUTSIDER_INITIALIZED.set(true);
        }
    }

    private static final ClassLoader LOADER = ClassInitAheadTest.class.getClassLoader();

    @Test
    void initializesGraalPyAndTruffleClassesAndSkipsEveryOtherName() {
        var outcome = ClassInitAhead.initialize(
                List.of(
                        "com.oracle.graal.python.PythonLanguage",
                        "com.oracle.truffle.api.strings.TruffleString",
                        "com.oracle.graal.python.NoSuchClass",
                        Outsider.class.getName(),
                        "java.lang.String",
                        ""),
                LOADER);

        assertEquals(new ClassInitAhead.Outcome(2, 4), outcome);
        assertFalse(OUTSIDER_INITIALIZED.get(), "a class outside GraalPy and Truffle was initialized");
    }

    @Test
    void theListMakeBuildRecordedResolves() throws IOException {
        Path list = Path.of("target/python-classes.list");
        assumeTrue(Files.isRegularFile(list), "make build has not recorded " + list);
        List<String> names = Files.readAllLines(list);

        var outcome = ClassInitAhead.initialize(names, LOADER);

        // Classes generated at run time (proxies, Truffle's generated module table) are recorded but cannot be found.
        assertTrue(names.size() > 5_000, "only " + names.size() + " classes recorded");
        assertTrue(outcome.skipped() <= 10, outcome + " for " + names.size() + " names");
    }

    @Test
    void anUnreadableListIsReportedAndTheStartGoesOn() throws InterruptedException {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ClassInitAhead.class.getName());
        logger.addHandler(capture);
        try {
            ClassInitAhead.start(Path.of("/nonexistent/python-classes.list"), LOADER)
                    .join();
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(1, records.size(), records::toString);
        assertEquals(Level.WARNING, records.getFirst().getLevel());
        assertTrue(
                records.getFirst().getMessage().contains("/nonexistent/python-classes.list is unreadable"),
                records.getFirst().getMessage());
    }
}
