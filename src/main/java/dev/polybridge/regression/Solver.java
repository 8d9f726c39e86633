package dev.polybridge.regression;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the least-squares problem is solved. */
public enum Solver {
    /** Householder QR of the design matrix: backward stable, error grows with cond(X). The default. */
    QR("qr"),
    /** Cholesky factorisation of XᵀX (goMLproject's normal equation, without the explicit inverse): error grows with cond(X)². */
    NORMAL_EQUATION("normal-equation");

    private final String cliName;

    Solver(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Solver fromCliName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.cliName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown solver \"" + name + "\"; choose one of "
                        + Arrays.stream(values()).map(Solver::cliName).collect(Collectors.joining(", "))));
    }
}
