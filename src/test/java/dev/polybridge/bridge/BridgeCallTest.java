package dev.polybridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeCallTest {
    private static PythonBridge bridge;

    @BeforeAll
    static void start() {
        bridge = TestBridge.get();
    }

    @Test
    void theJitIsActiveInTheTestJvm() {
        assertThat(bridge.isCompilationEnabled())
                .as("runtime %s", bridge.runtimeName())
                .isTrue();
        assertThat(bridge.runtimeName()).isNotEqualTo("Interpreted");
    }

    @Test
    void theJitCompilerThreadsRunAtNice19SoTheyOnlyUseIdleCpu() throws Exception {
        Path tasks = Path.of("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(tasks), "Linux only");
        Map<String, Integer> niceByCompilerThread = Map.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            niceByCompilerThread = compilerThreadNiceness(tasks);
            if (!niceByCompilerThread.isEmpty()
                    && niceByCompilerThread.values().stream().allMatch(n -> n == 19)) break;
            Thread.sleep(100);
        }
        assertThat(niceByCompilerThread)
                .as("C1/C2 compiler threads and their nice values")
                .isNotEmpty()
                .allSatisfy((thread, nice) -> assertThat(nice).as(thread).isEqualTo(19));
    }

    private static Map<String, Integer> compilerThreadNiceness(Path tasks) throws java.io.IOException {
        var result = new LinkedHashMap<String, Integer>();
        try (var list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (!name.startsWith("C1 Compiler")
                            && !name.startsWith("C2 Compiler")
                            && !name.startsWith("TruffleCompiler")) continue;
                    // fields after "pid (comm) ": state is the 1st, nice the 17th (man 5 proc: field 19)
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    result.put(name + " " + task.getFileName(), Integer.parseInt(fields[16]));
                } catch (java.nio.file.NoSuchFileException threadEnded) {
                    // a compiler thread may end between the listing and the read
                }
            }
        }
        return result;
    }

    @Test
    void pythonValuesComeBackAsJavaValues() {
        @SuppressWarnings("unchecked")
        var kinds = (Map<String, Object>) bridge.call("kinds");
        assertThat(kinds)
                .containsEntry("none", null)
                .containsEntry("true", true)
                .containsEntry("int", 42L)
                .containsEntry("big", BigInteger.TWO.pow(70))
                .containsEntry("float", 1.5)
                .containsEntry("whole_float", 2.0)
                .containsEntry("text", "héllo wörld ✓")
                .containsEntry("list", Arrays.asList(1L, "a", null))
                .containsEntry("tuple", List.of(1L, 2L))
                .containsEntry("nested", Map.of("k", List.of(1.0, Map.of("x", false))));
        assertThat(kinds.get("whole_float")).isInstanceOf(Double.class);
    }

    @Test
    void javaValuesArriveAsPlainPythonValues() {
        var map = new LinkedHashMap<String, Object>();
        map.put("s", "text");
        map.put("i", 7);
        map.put("l", 7L);
        map.put("d", 0.5);
        map.put("b", true);
        map.put("n", null);
        map.put("list", List.of(1, "x"));
        map.put("map", Map.of("k", 1));
        assertThat(bridge.call("python_types", map))
                .isEqualTo(Map.of(
                        "s",
                        "str",
                        "i",
                        "int",
                        "l",
                        "int",
                        "d",
                        "float",
                        "b",
                        "bool",
                        "n",
                        "NoneType",
                        "list",
                        List.of("int", "str"),
                        "map",
                        Map.of("k", "int")));
        assertThat(bridge.call("python_types", List.of(List.of()))).isEqualTo(List.of(List.of()));
        assertThat(bridge.call("echo", (Object) null)).isNull();
        assertThat(bridge.call("python_types", (Object) null)).isEqualTo("NoneType");
        assertThat(bridge.call("add", "pol", "ybridge")).isEqualTo("polybridge");
        assertThat(bridge.call("add", 2, 3.5)).isEqualTo(5.5);
    }

    @Test
    void listsAreCopiedSoPythonCannotChangeTheCallersList() {
        var list = new ArrayList<Object>(List.of(1, 2));
        assertThat(bridge.call("python_types", list)).isEqualTo(List.of("int", "int"));
        assertThat(bridge.call("echo", list)).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void primitiveArraysPassWithoutCopyAndCanBeFilledByPython() {
        assertThat(bridge.call("sum_array", (Object) new long[] {1, 2, 3, 4})).isEqualTo(10L);
        assertThat(bridge.call("sum_array", (Object) new double[] {0.5, 0.25})).isEqualTo(0.75);
        var host = new SleepingHost();
        assertThat((long[]) bridge.call("fill_with_squares", host, 5)).containsExactly(0, 1, 4, 9, 16);
    }

    @Test
    void pythonExceptionsCarryTypeMessageAndTraceback() {
        assertThatThrownBy(() -> bridge.call("fail", "bad thing")).isInstanceOfSatisfying(PythonException.class, e -> {
            assertThat(e.pythonType()).isEqualTo("ValueError");
            assertThat(e.pythonMessage()).isEqualTo("bad thing");
            assertThat(e.pythonTraceback())
                    .contains("Traceback (most recent call last)")
                    .contains("bridge_fixtures.py")
                    .contains("in fail")
                    .endsWith("ValueError: bad thing\n");
        });
        assertThatThrownBy(() -> bridge.call("fail_deep")).isInstanceOfSatisfying(PythonException.class, e -> {
            assertThat(e.pythonType()).isEqualTo("KeyError");
            assertThat(e.pythonTraceback()).contains("in fail_deep").contains("in _level_one");
        });
    }

    @Test
    void aFailingCallDoesNotPoisonLaterCalls() {
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> bridge.call("fail", "again")).isInstanceOf(PythonException.class);
            assertThat(bridge.call("add", i, 1)).isEqualTo(i + 1L);
        }
    }

    @Test
    void unknownFunctionsAreNamed() {
        assertThatThrownBy(() -> bridge.call("no_such_function"))
                .isInstanceOf(FunctionNotFoundException.class)
                .hasMessageContaining("no_such_function")
                .hasMessageContaining("load its module first");
        assertThatThrownBy(() -> bridge.call("_level_one"))
                .as("private helpers are not exported")
                .isInstanceOf(FunctionNotFoundException.class);
    }

    @Test
    void wrongArgumentCountsAreRejectedBeforeTheCall() {
        assertThatThrownBy(() -> bridge.call("two_args", 1))
                .isInstanceOf(ArgumentException.class)
                .hasMessageContaining("two_args(a, b)")
                .hasMessageContaining("missing 1 required positional argument: 'b'");
        assertThatThrownBy(() -> bridge.call("two_args", 1, 2, 3))
                .isInstanceOf(ArgumentException.class)
                .hasMessageContaining("takes 2 positional arguments but 3 were given");
        assertThatThrownBy(() -> bridge.call("keyword_only", 1, 2)).isInstanceOf(ArgumentException.class);
        assertThatThrownBy(() -> bridge.call("type_error_inside"))
                .as("a TypeError raised inside the function is the function's own error")
                .isInstanceOfSatisfying(
                        PythonException.class, e -> assertThat(e.pythonType()).isEqualTo("TypeError"));
    }

    @Test
    void unsupportedArgumentTypesAreNamed() {
        assertThatThrownBy(() -> bridge.call("echo", java.time.Instant.EPOCH))
                .isInstanceOf(ArgumentException.class)
                .hasMessageContaining("argument 1 has type java.time.Instant");
        assertThatThrownBy(() -> bridge.call("echo", List.of(1, new Object())))
                .isInstanceOf(ArgumentException.class)
                .hasMessageContaining("argument 1[1]");
    }

    @Test
    void unsupportedReturnTypesAreNamed() {
        assertThatThrownBy(() -> bridge.call("returns_object"))
                .isInstanceOf(BridgeException.class)
                .hasMessageContaining("returned a Python object");
    }

    @Test
    void loadErrorsAreClear() {
        assertThatThrownBy(() -> bridge.load("broken_syntax.py"))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("SyntaxError")
                .hasMessageContaining("broken_syntax.py")
                .cause()
                .isInstanceOf(PythonException.class);
        assertThatThrownBy(() -> bridge.load("broken_import"))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("ModuleNotFoundError");
        assertThatThrownBy(() -> bridge.load("no_such_file.py"))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> bridge.load("../../../pom.py")).isInstanceOf(ModuleLoadException.class);
        assertThatThrownBy(() -> bridge.load("duplicate_add.py"))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("'add' is already defined by module 'bridge_fixtures'");
        assertThat(bridge.call("add", 1, 2))
                .as("the failed loads changed nothing")
                .isEqualTo(3L);
    }

    @Test
    void loadingByFileNameWorksAndIsIdempotent() {
        assertThat(bridge.load("bridge_fixtures")).contains("add", "echo", "fail");
        assertThat(bridge.call("add", 40, 2)).isEqualTo(42L);
    }

    @Test
    void theContextHasLeastPrivilege() {
        assertThatThrownBy(() -> bridge.call("read_file", "/etc/hostname"))
                .isInstanceOfSatisfying(
                        PythonException.class, e -> assertThat(e.pythonType()).isEqualTo("PermissionError"));
        assertThatThrownBy(() -> bridge.call("write_file", "src/test/python/should_not_exist.txt"))
                .isInstanceOf(PythonException.class);
        assertThatThrownBy(() -> bridge.call("run_process")).isInstanceOf(PythonException.class);
        assertThatThrownBy(() -> bridge.call("host_class"))
                .isInstanceOfSatisfying(
                        PythonException.class,
                        e -> assertThat(e.pythonMessage()).contains("java.lang.System"));
        assertThat((String) bridge.call("read_file", "src/test/python/duplicate_add.py"))
                .contains("def add");
    }

    @Test
    void aLinkInsideAReadableFolderCannotLeadOutOfIt(@TempDir Path temp) throws IOException {
        Path outside = Files.writeString(temp.resolve("outside.txt"), "not granted");
        Path granted = Files.createDirectory(temp.resolve("granted"));
        Files.writeString(granted.resolve("inside.txt"), "granted");
        Files.createSymbolicLink(granted.resolve("to-inside.txt"), granted.resolve("inside.txt"));
        Files.createSymbolicLink(granted.resolve("to-outside.txt"), outside);
        Files.createSymbolicLink(granted.resolve("to-parent"), temp);
        Path linked = Files.createDirectory(temp.resolve("linked"));
        Files.writeString(linked.resolve("inside.txt"), "granted through a link");
        Files.createSymbolicLink(linked.resolve("to-outside.txt"), outside);
        Path grantedThroughALink = Files.createSymbolicLink(temp.resolve("link-to-linked"), linked);
        bridge.allowRead(granted);
        bridge.allowRead(grantedThroughALink);

        assertThat(bridge.call("read_file", granted.resolve("to-inside.txt").toString()))
                .isEqualTo("granted");
        assertThat(bridge.call(
                        "read_file", grantedThroughALink.resolve("inside.txt").toString()))
                .isEqualTo("granted through a link");
        for (Path escape : List.of(
                granted.resolve("to-outside.txt"),
                granted.resolve("to-parent/outside.txt"),
                granted.resolve("to-parent/missing.txt"),
                grantedThroughALink.resolve("to-outside.txt"))) {
            assertThatThrownBy(() -> bridge.call("read_file", escape.toString()))
                    .as(escape.toString())
                    .isInstanceOfSatisfying(
                            PythonException.class,
                            e -> assertThat(e.pythonType()).isEqualTo("PermissionError"));
        }
    }
}
