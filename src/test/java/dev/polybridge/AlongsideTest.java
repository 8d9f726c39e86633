package dev.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlongsideTest {
    private final List<String> undone = new CopyOnWriteArrayList<>();

    @Test
    void bothStepsRunAndTheOtherOnItsOwnNamedThread() {
        long before = System.nanoTime();
        Alongside<String, String> both = Alongside.run(
                () -> "here",
                undone::add,
                "alongside-test",
                () -> Thread.currentThread().getName(),
                undone::add);
        assertThat(both.here()).isEqualTo("here");
        assertThat(both.there()).isEqualTo("alongside-test");
        assertThat(both.hereDone()).isGreaterThanOrEqualTo(before);
        assertThat(both.thereDone()).isGreaterThanOrEqualTo(before);
        assertThat(undone).isEmpty();
    }

    @Test
    void whenThisThreadsStepFailsWhatTheOtherMadeIsUndone() {
        assertThatThrownBy(() -> Alongside.<String, String>run(
                        () -> {
                            throw new IllegalStateException("here failed");
                        },
                        undone::add,
                        "alongside-test",
                        () -> "session",
                        undone::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("here failed")
                .hasNoSuppressedExceptions();
        assertThat(undone).containsExactly("session");
    }

    @Test
    void whenTheOtherStepFailsWhatThisThreadMadeIsUndoneAndTheOthersFailureThrown() {
        assertThatThrownBy(() -> Alongside.<String, String>run(
                        () -> "context",
                        undone::add,
                        "alongside-test",
                        () -> {
                            throw new IllegalArgumentException("the model file changed");
                        },
                        undone::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model file changed");
        assertThat(undone).containsExactly("context");
    }

    @Test
    void whenBothFailTheFirstIsThrownWithTheOtherSuppressed() {
        assertThatThrownBy(() -> Alongside.<String, String>run(
                        () -> {
                            throw new IllegalStateException("here failed");
                        },
                        undone::add,
                        "alongside-test",
                        () -> {
                            throw new IllegalArgumentException("there failed");
                        },
                        undone::add))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e ->
                        assertThat(e.getSuppressed()).singleElement().isInstanceOf(IllegalArgumentException.class));
        assertThat(undone).isEmpty();
    }
}
