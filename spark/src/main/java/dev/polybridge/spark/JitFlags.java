package dev.polybridge.spark;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM flags GraalPy's JIT needs on every JVM that builds a polybridge (see DEVELOPERS.md): JVMCI on, and the
 * Graal compiler jars on the upgrade module path. They must be given when the JVM starts, so an executor gets them
 * from {@code spark.executor.extraJavaOptions} and the jars must already be on its machine: shipping them with
 * {@code --jars} or {@code --files} comes too late.
 */
final class JitFlags {

    /** The Graal compiler jars (prefixes of their file names) the upgrade module path must hold. */
    static final List<String> COMPILER_JARS = List.of("compiler-", "collections-", "word-", "truffle-compiler-");

    private static final List<String> MODULES = List.of("jdk.graal.compiler", "org.graalvm.truffle.compiler");
    private static final String UPGRADE = "--upgrade-module-path";
    static final String HOW =
            "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=DIR, DIR holding "
                    + "the Graal compiler jars (compiler, collections, word and truffle-compiler, all of GraalPy's version)";

    private JitFlags() {}

    /** @throws IllegalStateException naming {@code who} and the flags, when this JVM runs without the JIT */
    static void requireInThisJvm(String who) {
        List<String> missing = missingInThisJvm();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(("%s runs without GraalPy's JIT (%s): start its JVM with %s, or pass "
                            + "--allow-interpreter to run interpreted, several times slower")
                    .formatted(who, String.join("; ", missing), HOW));
        }
    }

    private static List<String> missingInThisJvm() {
        List<String> missing = new ArrayList<>();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (!"true".equals(hotspot.getVMOption("EnableJVMCI").getValue())) missing.add("JVMCI is off");
        for (String module : MODULES) {
            if (ModuleLayer.boot().findModule(module).isEmpty())
                missing.add("module " + module + " is not on the upgrade module path");
        }
        return missing;
    }

    /**
     * Checks the options executors start with. The compiler jars' folder must exist on every executor's machine;
     * the driver checks its own copy when it has one.
     *
     * @return a warning when the folder is not on the driver's machine, so it could not be checked; else null
     * @throws IllegalArgumentException naming what is missing
     */
    static String checkExecutorOptions(String extraJavaOptions) {
        List<String> options = extraJavaOptions == null || extraJavaOptions.isBlank()
                ? List.of()
                : List.of(extraJavaOptions.trim().split("\\s+"));
        List<String> missing = new ArrayList<>();
        if (!options.contains("-XX:+UnlockExperimentalVMOptions")) missing.add("-XX:+UnlockExperimentalVMOptions");
        if (!options.contains("-XX:+EnableJVMCI")) missing.add("-XX:+EnableJVMCI");
        String dir = upgradeModulePath(options);
        if (dir == null) missing.add(UPGRADE + "=DIR");
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    ("spark.executor.extraJavaOptions lacks the GraalPy JIT flags %s (it is '%s'): "
                                    + "set it to include %s, DIR existing on every executor's machine; or pass --allow-interpreter "
                                    + "to run interpreted, several times slower")
                            .formatted(missing, extraJavaOptions == null ? "" : extraJavaOptions, HOW));
        }
        List<Path> folders =
                Stream.of(dir.split(File.pathSeparator)).map(Path::of).toList();
        if (!folders.stream().allMatch(Files::isDirectory)) {
            return "the upgrade module path %s of spark.executor.extraJavaOptions is not on the driver's machine, so it "
                            .formatted(dir)
                    + "could not be checked: every executor's machine must hold the Graal compiler jars there";
        }
        List<String> absent = COMPILER_JARS.stream()
                .filter(prefix -> folders.stream().noneMatch(f -> holdsJar(f, prefix)))
                .toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException(
                    ("the upgrade module path %s of spark.executor.extraJavaOptions lacks the "
                                    + "Graal compiler jars %s: %s")
                            .formatted(
                                    dir, absent.stream().map(p -> p + "*.jar").toList(), HOW));
        }
        return null;
    }

    private static String upgradeModulePath(List<String> options) {
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.startsWith(UPGRADE + "=")) return option.substring(UPGRADE.length() + 1);
            if (option.equals(UPGRADE) && i + 1 < options.size()) return options.get(i + 1);
        }
        return null;
    }

    private static boolean holdsJar(Path folder, String prefix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(name -> name.startsWith(prefix)
                            && name.endsWith(".jar")
                            && Character.isDigit(name.charAt(prefix.length())));
        } catch (IOException e) {
            return false;
        }
    }
}
