package dev.polybridge.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void thereIsOneContextPerProcess() {
        PythonBridge bridge = TestBridge.get();
        assertThat(PythonBridge.start(TestBridge.CONFIG)).isSameAs(bridge);
        assertThatThrownBy(() -> PythonBridge.start(TestBridge.CONFIG.withWorkers(3)))
                .isInstanceOf(BridgeException.class).hasMessageContaining("one Python context per process");
    }

    @Test
    void aSubmittedCallTimesOut() {
        PythonBridge bridge = TestBridge.with(TestBridge.CONFIG.withCallTimeout(Duration.ofMillis(200)));
        CompletableFuture<Object> slow = bridge.submitCall("py_sleep", 2.0);
        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CallTimeoutException.class);
        TestBridge.get();
    }

    @Test
    void shutdownWithWorkInFlightDrainsAcceptedWorkThenRefusesMore() throws Exception {
        PythonBridge bridge = TestBridge.get();
        var inFlight = new ArrayList<CompletableFuture<Object>>();
        for (int i = 0; i < 16; i++) {
            inFlight.add(bridge.submitCall("spin", 20));
        }
        bridge.close();
        for (var call : inFlight) {
            assertThat(call).isCompleted();
            assertThat(call.get()).as("it ran to its end and returned").isInstanceOf(Long.class);
        }
        assertThatThrownBy(() -> bridge.call("add", 1, 2)).isInstanceOf(BridgeClosedException.class);
        assertThatThrownBy(() -> bridge.submitCall("add", 1, 2)).isInstanceOf(BridgeClosedException.class);
        assertThat(PythonBridge.running()).isEmpty();
        assertThat(TestBridge.get().call("add", 1, 2)).as("a new context can start after close").isEqualTo(3L);
    }
}
