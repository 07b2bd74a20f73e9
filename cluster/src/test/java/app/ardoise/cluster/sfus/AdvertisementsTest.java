package app.ardoise.cluster.sfus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.UniqueAddress;
import org.junit.jupiter.api.Test;

class AdvertisementsTest {
    private static final Address B = new Address("pekko", "ardoise", "10.0.0.2", 25520);
    private static final Address C = new Address("pekko", "ardoise", "10.0.0.3", 25520);

    @Test
    void onlyTheSfusOfCurrentMembersCount() {
        String b = Advertisements.key(new UniqueAddress(B, 1L));
        String c = Advertisements.key(new UniqueAddress(C, 2L));
        Map<String, String> entries = Map.of(
                b, Advertisements.value(List.of("10.0.0.2:50051", "10.0.0.2:50052")),
                c, Advertisements.value(List.of("10.0.0.3:50051")));
        assertEquals(Set.of("10.0.0.2:50051", "10.0.0.2:50052", "10.0.0.3:50051"), Advertisements.of(entries, Set.of(b, c)));
        assertEquals(Set.of("10.0.0.3:50051"), Advertisements.of(entries, Set.of(c)), "a node gone, its SFUs with it");
        assertEquals(Set.of(), Advertisements.of(Map.of(), Set.of(b, c)));
    }

    @Test
    void aNodeRestartedOnTheSameAddressIsAnotherAdvertiser() {
        String before = Advertisements.key(new UniqueAddress(B, 1L));
        String after = Advertisements.key(new UniqueAddress(B, 7L));
        assertNotEquals(before, after);
        assertEquals(Set.of(), Advertisements.of(Map.of(before, "10.0.0.2:50051"), Set.of(after)),
                "the entry of the incarnation that left does not count for the new one");
    }
}
