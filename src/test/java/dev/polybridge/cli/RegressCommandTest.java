package dev.polybridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command through picocli, as the launcher runs it, without booting Quarkus. */
class RegressCommandTest {
    private static final String SHARED =
            System.getProperty("polybridge.shared", System.getenv().getOrDefault("POLYBRIDGE_SHARED", "../shared"));
    private static final String HOUSING =
            Path.of(SHARED, "data", "boston-housing.csv").toString();
    private static final String CLASSIC =
            Path.of(SHARED, "data", "boston-housing-classic.csv").toString();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new PolybridgeCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("regress"));
        all.addAll(List.of(args));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void textReportHasCoefficientsMetricsCriteriaAndTheBitIdenticalCheck() {
        Run run = run("--data", HOUSING, "--target", "mv");
        assertEquals(0, run.exitCode(), run.err());
        for (String expected : List.of(
                "boston-housing.csv: 506 rows, target mv, 12 features (skipped text column neighborhood)",
                "404 train rows, 102 test rows",
                "solver: qr, with intercept",
                "(intercept)",
                "lstat",
                "train",
                "test",
                "AIC 2375.5097  BIC 2427.5280",
                "k = 13 fitted parameters",
                "prediction of 102 test rows: serial and concurrent",
                "identical to the last bit")) {
            assertTrue(run.out().contains(expected), () -> "missing \"" + expected + "\" in\n" + run.out());
        }
    }

    @Test
    void jsonMatchesTheGoldenFit() throws IOException {
        JsonNode json = run("--data", HOUSING, "--target", "mv", "--json").json();
        JsonNode golden = golden("boston-housing-intercept");
        assertEquals(golden.get("features"), json.get("features"));
        assertEquals(404, json.get("trainRows").asInt());
        assertEquals(102, json.get("testRows").asInt());
        assertRelative(
                golden.get("coefficients").get("intercept").asDouble(),
                json.get("coefficients").get("(intercept)").asDouble());
        golden.get("features")
                .forEach(name -> assertRelative(
                        golden.get("coefficients").get(name.asText()).asDouble(),
                        json.get("coefficients").get(name.asText()).asDouble()));
        for (String field : List.of("mse", "rmse", "r2")) {
            assertRelative(
                    golden.get("test").get(field).asDouble(),
                    json.get("test").get(field).asDouble());
        }
        assertEquals(13, json.get("criteria").get("k").asInt());
        assertRelative(
                golden.get("criteria").get("aic").asDouble(),
                json.get("criteria").get("aic").asDouble());
        assertRelative(
                golden.get("criteria").get("bic").asDouble(),
                json.get("criteria").get("bic").asDouble());
        assertTrue(json.get("prediction").get("identical").asBoolean());
    }

    @Test
    void optionsReachTheFit() throws IOException {
        JsonNode json = run(
                        "--data",
                        CLASSIC,
                        "--target",
                        "medv",
                        "--solver",
                        "normal-equation",
                        "--no-intercept",
                        "--features",
                        "lstat,rm,ptratio",
                        "--test-fraction",
                        "0.3",
                        "--seed",
                        "7",
                        "--chunks",
                        "3",
                        "--predict-rows",
                        "5000",
                        "--json")
                .json();
        assertEquals("normal-equation", json.get("solver").asText());
        assertEquals(false, json.get("intercept").asBoolean());
        assertEquals(List.of("lstat", "rm", "ptratio"), names(json.get("features")));
        List<String> coefficientNames = new ArrayList<>();
        json.get("coefficients").fieldNames().forEachRemaining(coefficientNames::add);
        assertEquals(List.of("lstat", "rm", "ptratio"), coefficientNames);
        assertEquals(152, json.get("testRows").asInt());
        assertEquals(7, json.get("seed").asLong());
        assertEquals(3, json.get("criteria").get("k").asInt());
        JsonNode prediction = json.get("prediction");
        assertEquals(5000, prediction.get("rows").asInt());
        assertEquals(3, prediction.get("chunks").asInt());
        assertEquals(
                "synthetic rows resampled from the training rows",
                prediction.get("batch").asText());
        assertTrue(prediction.get("identical").asBoolean());
    }

    @Test
    void reproducesTheGoMlProjectSetup() throws IOException {
        JsonNode golden = golden("boston-housing-goml-features-no-intercept");
        JsonNode json = run(
                        "--data",
                        HOUSING,
                        "--target",
                        "mv",
                        "--no-intercept",
                        "--features",
                        "crim,nox,rooms,age,dis,rad,tax,ptratio,lstat",
                        "--json")
                .json();
        golden.get("features")
                .forEach(name -> assertRelative(
                        golden.get("coefficients").get(name.asText()).asDouble(),
                        json.get("coefficients").get(name.asText()).asDouble()));
    }

    @Test
    void badCellExitsWith2NamingLineAndColumn() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(HOUSING)));
        String[] cells = lines.get(17).split(",");
        cells[1] = "abc";
        lines.set(17, String.join(",", cells));
        Path file = Files.write(dir.resolve("bad.csv"), lines);
        Run run = run("--data", file.toString(), "--target", "mv");
        assertEquals(2, run.exitCode());
        assertEquals(
                "polybridge regress: bad.csv line 18 (data row 17), column \"crim\": \"abc\" is not a number\n",
                run.err());
        assertEquals("", run.out());
    }

    /** Issue 19: invalid UTF-8 printed a stack trace and exited 1. */
    @Test
    void bytesThatAreNotUtf8ExitWith2NamingTheLineAndByte() throws IOException {
        byte[] housing = Files.readAllBytes(Path.of(HOUSING));
        int line3 = indexOfNth(housing, (byte) '\n', 2) + 1;
        housing[line3 + 4] = (byte) 0xE9;
        Path file = Files.write(dir.resolve("latin1.csv"), housing);
        Run run = run("--data", file.toString(), "--target", "mv");
        assertEquals(2, run.exitCode());
        assertEquals(
                "polybridge regress: latin1.csv: not valid UTF-8 (byte 0xE9 at byte 5 of line 3); save the file as UTF-8\n",
                run.err());
        assertEquals("", run.out());
    }

    private static int indexOfNth(byte[] bytes, byte b, int n) {
        for (int i = 0, seen = 0; i < bytes.length; i++) {
            if (bytes[i] == b && ++seen == n) return i;
        }
        throw new AssertionError("fewer than " + n + " of " + b);
    }

    @Test
    void collinearColumnsExitWith2() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(HOUSING)));
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            lines.set(i, lines.get(i) + "," + (i == 0 ? "rooms_again" : cells[6]));
        }
        Run run = run("--data", Files.write(dir.resolve("dup.csv"), lines).toString(), "--target", "mv");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("\"rooms_again\" ≈ 1 × \"rooms\""), run.err());
    }

    @Test
    void badOptionsExitWith2NamingTheOption() {
        assertUsageError(run("--data", HOUSING, "--target", "nope"), "unknown target column \"nope\"");
        assertUsageError(run("--data", HOUSING, "--features", "crim,,nox"), "--features has an empty column name");
        assertUsageError(
                run("--data", HOUSING, "--test-fraction", "1.5"), "--test-fraction must be > 0 and < 1, got 1.5");
        assertUsageError(
                run("--data", HOUSING, "--test-fraction", "0"), "--test-fraction must be > 0 and < 1, got 0.0");
        assertUsageError(
                run("--data", HOUSING, "--solver", "svd"), "unknown solver \"svd\"; choose one of qr, normal-equation");
        assertUsageError(run("--data", HOUSING, "--chunks", "0"), "--chunks must be >= 1, got 0");
        assertUsageError(run("--data", HOUSING, "--predict-rows", "-5"), "--predict-rows must be >= 1, got -5");
        assertUsageError(run("--data", HOUSING, "--chunks", "100000"), "--chunks is 100000; the limit is 1024");
        assertUsageError(
                run("--data", HOUSING, "--predict-rows", "2000000000"),
                "--predict-rows is 2000000000; the limit is 1000000");
        assertUsageError(run("--data", HOUSING, "--seed", "x"), "'--seed'");
        assertUsageError(run("--target", "mv"), "Missing required option: '--data=FILE'");
        assertUsageError(run("--data", dir.resolve("absent.csv").toString()), "absent.csv does not exist");
    }

    private static void assertUsageError(Run run, String message) {
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message), () -> "expected \"" + message + "\" in\n" + run.err());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = RegressCommandTest.class.getResourceAsStream("/golden/regression/" + name + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void assertRelative(double expected, double actual) {
        assertTrue(
                Math.abs(actual - expected) <= 1e-9 * Math.abs(expected),
                () -> "expected " + expected + ", got " + actual);
    }
}
