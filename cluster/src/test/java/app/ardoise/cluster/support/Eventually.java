package app.ardoise.cluster.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for a cluster to settle: a condition polled until it holds, or an assertion error naming it. */
public final class Eventually {
    private Eventually() {}

    public static void awaitTrue(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
