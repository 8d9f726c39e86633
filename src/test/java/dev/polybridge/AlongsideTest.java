package dev.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AlongsideTest {
    private final List<String> undone = new CopyOnWriteArrayList<>();

    @Test
    void bothStepsRunAndTheOtherOnItsOwnNamedThread() {
        long before = System.nanoTime();
        Alongside<String, String> both =
                run(() -> "here", () -> Thread.currentThread().getName());
        assertThat(both.here()).isEqualTo("here");
        assertThat(both.there()).isEqualTo("alongside-test");
        assertThat(both.hereDone()).isGreaterThanOrEqualTo(before);
        assertThat(both.thereDone()).isGreaterThanOrEqualTo(before);
        assertThat(undone).isEmpty();
    }

    @Test
    void whenThisThreadsStepFailsWhatTheOtherMadeIsUndone() {
        assertThatThrownBy(() -> run(failing(new IllegalStateException("here failed")), () -> "session"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("here failed")
                .hasNoSuppressedExceptions();
        assertThat(undone).containsExactly("session");
    }

    @Test
    void whenTheOtherStepFailsWhatThisThreadMadeIsUndoneAndTheOthersFailureThrown() {
        assertThatThrownBy(() -> run(() -> "context", failing(new IllegalArgumentException("the model file changed"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model file changed");
        assertThat(undone).containsExactly("context");
    }

    @Test
    void whenBothFailTheFirstIsThrownWithTheOtherSuppressed() {
        assertThatThrownBy(() -> run(
                        failing(new IllegalStateException("here failed")),
                        failing(new IllegalArgumentException("there failed"))))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e ->
                        assertThat(e.getSuppressed()).singleElement().isInstanceOf(IllegalArgumentException.class));
        assertThat(undone).isEmpty();
    }

    /** Both steps recording what is undone in {@link #undone}; the other step on a thread named alongside-test. */
    private Alongside<String, String> run(Supplier<String> here, Supplier<String> there) {
        return Alongside.run(here, undone::add, "alongside-test", there, undone::add);
    }

    private static Supplier<String> failing(RuntimeException failure) {
        return () -> {
            throw failure;
        };
    }
}
