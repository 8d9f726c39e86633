package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 19: the benchmark commands' size and count options are bounded too; past a limit, exit 2 naming it. */
class BenchOptionLimitsTest {

    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
        return err.toString();
    }

    @Test
    void countsPastTheirLimitsAreUsageErrors() {
        assertThat(refused("load", "--max-requests", "2000000000"))
                .contains(
                        "--max-requests is 2000000000; the limit is 10000000 (every request's latency is kept in memory)");
        assertThat(refused("load", "--concurrency", "8,100000")).contains("--concurrency is 100000; the limit is 4096");
        assertThat(refused("sentiment", "--batch-size", "100000")).contains("--batch-size is 100000; the limit is 64");
        assertThat(refused("bridge", "--entry-threads", "1,100000"))
                .contains("--entry-threads is 100000; the limit is 64");
        assertThat(refused("compare", "--memory-workers", "1,100000"))
                .contains("--memory-workers is 100000; the limit is 64");
    }
}
