package dev.polybridge.memory;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a measured command ended.
 *
 * @param started  false when the command could not be started at all (not found, not executable)
 * @param code     the exit status a shell would show: the command's own, 128 + N after death by signal N,
 *                 127 when the command was not found, 126 when it could not be executed
 * @param signal   the signal's name (SIGKILL) when the status says the command died by a signal, else null
 * @param description one readable sentence
 */
public record ExitStatus(boolean started, int code, String signal, String description) {

    /** Signal numbers on Linux x86-64 and aarch64, from 1. */
    private static final List<String> SIGNALS = List.of(
            "SIGHUP",
            "SIGINT",
            "SIGQUIT",
            "SIGILL",
            "SIGTRAP",
            "SIGABRT",
            "SIGBUS",
            "SIGFPE",
            "SIGKILL",
            "SIGUSR1",
            "SIGSEGV",
            "SIGUSR2",
            "SIGPIPE",
            "SIGALRM",
            "SIGTERM",
            "SIGSTKFLT",
            "SIGCHLD",
            "SIGCONT",
            "SIGSTOP",
            "SIGTSTP",
            "SIGTTIN",
            "SIGTTOU",
            "SIGURG",
            "SIGXCPU",
            "SIGXFSZ",
            "SIGVTALRM",
            "SIGPROF",
            "SIGWINCH",
            "SIGIO",
            "SIGPWR",
            "SIGSYS");

    private static final int NOT_FOUND = 127;
    private static final int NOT_EXECUTABLE = 126;
    /** errno and its text: "error: 2 (No such file...)" from JDK 25's jspawnhelper, "error=2, No such..." before. */
    private static final Pattern SPAWN_ERROR = Pattern.compile("error(?:: |=)(\\d+)(?: \\(|, )([^)]+)");

    private static final int ENOENT = 2;

    /**
     * From {@link Process#exitValue()}, which (like a shell) reports death by signal N as 128 + N: a command that
     * itself exits with 137 cannot be told from one killed by SIGKILL.
     */
    static ExitStatus exited(int exitValue) {
        int signalNumber = exitValue - 128;
        if (signalNumber >= 1 && signalNumber <= SIGNALS.size()) {
            String name = SIGNALS.get(signalNumber - 1);
            return new ExitStatus(
                    true,
                    exitValue,
                    name,
                    "killed by %s (signal %d; status %d = 128 + %d)"
                            .formatted(name, signalNumber, exitValue, signalNumber));
        }
        return new ExitStatus(
                true,
                exitValue,
                null,
                exitValue == 0 ? "exited normally (status 0)" : "exited with status " + exitValue);
    }

    static ExitStatus notStarted(String program, IOException failure) {
        Matcher spawn = SPAWN_ERROR.matcher(String.valueOf(failure.getMessage()));
        if (spawn.find()) {
            boolean notFound = Integer.parseInt(spawn.group(1)) == ENOENT;
            String reason = spawn.group(2).strip();
            return new ExitStatus(
                    false,
                    notFound ? NOT_FOUND : NOT_EXECUTABLE,
                    null,
                    (notFound ? "command not found: " : "cannot execute: ") + program + " (" + reason + ")");
        }
        return new ExitStatus(false, NOT_EXECUTABLE, null, "cannot start " + program + ": " + failure.getMessage());
    }
}
