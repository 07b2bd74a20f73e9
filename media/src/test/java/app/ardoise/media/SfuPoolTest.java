package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pool of two real SFUs: their load reports, the choice of the least loaded, and the loss of one. */
class SfuPoolTest {

    private SfuProcess first;
    private SfuProcess second;
    private SimpleMeterRegistry registry;
    private SfuPool pool;

    @BeforeEach
    void start() {
        first = SfuProcess.start();
        second = SfuProcess.start();
        registry = new SimpleMeterRegistry();
        pool = SfuPool.start(MediaSettings.fromConfig(ConfigFactory.load())
                .withSfuTarget(first.target() + ", " + second.target()), registry);
        await("both SFUs serve", () -> pool.clients().stream().allMatch(SfuClient::isServing));
    }

    @AfterEach
    void stop() {
        pool.close();
        first.close();
        second.close();
    }

    @Test
    void aClassGoesToTheLeastLoadedSfuAndClassesPlacedTogetherSpread() {
        // Both idle: one, then the other, since the first chosen now counts the class just placed there.
        String one = pool.propose("");
        String other = pool.propose("");
        assertEquals(java.util.Set.of(first.target(), second.target()), java.util.Set.of(one, other));

        RecordingListener events = new RecordingListener();
        SfuClient busy = pool.client(first.target()).orElseThrow();
        SignalStream stream = busy.join(Join.of("class-" + UUID.randomUUID(), "teacher")
                .withOffer(Offers.publisherOffer()), events);
        events.next(SfuEvent.Joined.class);
        await("the first SFU reports its class", () -> busy.load().sessions() == 1);
        assertEquals(0, pool.client(second.target()).orElseThrow().load().sessions());
        assertEquals(1.0, registry.get("ardoise.media.sfu.classes").tag("sfu", first.target()).gauge().value());
        // Once the second's own report has come too, the classes placed on it above count no more.
        await("the second SFU reports again", () -> pool.client(second.target()).orElseThrow().loadPoll().score() < 1);
        assertEquals(second.target(), pool.propose(""), "the loaded SFU is passed over");
        stream.leave();
    }

    @Test
    void aKilledSfuIsLostAtOnceAndNoLongerProposed() throws Exception {
        assertFalse(pool.lost(first.target()).get());
        second.kill();
        long killed = System.nanoTime();
        assertTrue(pool.lost(second.target()).get());
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(tookMs < 500, "a refused connection answers at once, not at the deadline: " + tookMs + " ms");
        assertTrue(pool.lost("10.0.0.1:50051").get(), "an SFU this node does not know");
        assertEquals(first.target(), pool.propose(second.target()));
        await("the health poll sees it down", () -> !pool.client(second.target()).orElseThrow().isServing());
        assertEquals(0.0, registry.get("ardoise.media.sfu.up").tag("sfu", second.target()).gauge().value());
        for (int i = 0; i < 3; i++) {
            assertEquals(first.target(), pool.propose(""), "only the SFU that serves");
        }
        first.kill();
        await("none serves", () -> !pool.isServing());
        assertEquals(first.target(), pool.propose(second.target()), "none serves: any other than the lost one");
    }

    @Test
    void anAdvertisedSfuJoinsThePoolAndLeavesItOnceNoLongerAdvertisedAndNoStreamUsesIt() {
        SfuProcess third = SfuProcess.start();
        try {
            pool.advertised(List.of(third.target(), first.target()));
            assertEquals(List.of(first.target(), second.target(), third.target()),
                    pool.clients().stream().map(SfuClient::target).toList(), "listed once, after the node's own");
            SfuClient advertised = pool.client(third.target()).orElseThrow();
            await("the advertised SFU serves", advertised::isServing);
            assertEquals(1.0, registry.get("ardoise.media.sfu.up").tag("sfu", third.target()).gauge().value());

            RecordingListener events = new RecordingListener();
            SignalStream stream = advertised.join(Join.of("class-" + UUID.randomUUID(), "teacher")
                    .withOffer(Offers.publisherOffer()), events);
            events.next(SfuEvent.Joined.class);
            pool.advertised(List.of());
            assertEquals(List.of(first.target(), second.target()), pool.clients().stream().map(SfuClient::target).toList());
            assertTrue(pool.spares().stream().noneMatch(third.target()::equals), "no class is placed there any more");
            assertSame(advertised, pool.client(third.target()).orElseThrow(), "its class still reaches it");
            stream.leave();
            await("the withdrawn SFU's client closes after its last stream",
                    () -> pool.client(third.target()).isEmpty());
            assertNull(registry.find("ardoise.media.sfu.up").tag("sfu", third.target()).gauge(), "its series end");

            pool.advertised(Set.of(third.target()));
            await("advertised again, it serves again", () -> pool.client(third.target()).orElseThrow().isServing());
            assertEquals(1.0, registry.get("ardoise.media.sfu.up").tag("sfu", third.target()).gauge().value());
        } finally {
            third.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(what + ": interrupted");
            }
        }
    }
}
