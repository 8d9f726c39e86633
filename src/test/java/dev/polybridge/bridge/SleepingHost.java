package dev.polybridge.bridge;

import org.graalvm.polyglot.HostAccess;

/** A host object Python may call: exported methods only. */
public class SleepingHost {
    @HostAccess.Export
    public void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    @HostAccess.Export
    public long[] newLongArray(int n) {
        return new long[n];
    }

    public String notExported() {
        return "hidden";
    }
}
