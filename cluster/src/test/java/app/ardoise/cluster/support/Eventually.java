package app.ardoise.cluster.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a cluster to settle: a condition polled until it holds, or an assertion error naming it. */
public final class Eventually {
    private Eventually() {}

    public static void awaitTrue(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        awaitTrue(what, within, condition, () -> "");
    }

    /** The same, and a failure also tells {@code state} as it was then: which part of the condition did not hold. */
    public static void awaitTrue(String what, Duration within, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String now = state.get();
                throw new AssertionError(what + ": not within " + within + (now.isEmpty() ? "" : " (" + now + ")"));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
