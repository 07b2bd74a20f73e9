package app.ardoise.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SfuTargetsTest {

    @Test
    void thePoolIsTheNodesOwnListThenTheAdvertisedSfusItLacks() {
        List<String> configured = List.of("10.0.0.9:50051", "10.0.0.5:50051");
        assertEquals(List.of("10.0.0.9:50051", "10.0.0.5:50051", "10.0.0.6:50051", "10.0.0.7:50051"),
                SfuTargets.merge(configured, Set.of("10.0.0.7:50051", "10.0.0.5:50051", "10.0.0.6:50051")),
                "its own first and in its order, an SFU both listed and advertised once, the others sorted");
        assertEquals(configured, SfuTargets.merge(configured, Set.of()), "nothing advertised: the static list");
        assertEquals(List.of("10.0.0.6:50051", "10.0.0.7:50051"),
                SfuTargets.merge(List.of(), List.of("10.0.0.7:50051", "10.0.0.6:50051", "10.0.0.7:50051")));
    }

    @Test
    void everyNodeListsTheSameAdvertisedSfusInTheSameOrder() {
        List<String> seenByOne = SfuTargets.merge(List.of("a:1"), List.of("c:3", "b:2"));
        List<String> seenByOther = SfuTargets.merge(List.of("a:1"), List.of("b:2", "c:3"));
        assertEquals(seenByOne, seenByOther);
    }

    @Test
    void aSettingIsReadAsHostPortEntriesAndATypoIsRefusedByName() {
        assertEquals(List.of("sfu-b.example.org:50051", "[::1]:50052"),
                SfuTargets.parse(" sfu-b.example.org:50051, ,[::1]:50052,sfu-b.example.org:50051", "ARDOISE_SFU_ADVERTISE"));
        assertEquals(List.of(), SfuTargets.parse("", "ARDOISE_SFU_ADVERTISE"), "empty: nothing advertised");
        for (String typo : List.of("sfu-b.example.org", "sfu-b:port", ":50051", "sfu-b:0", "sfu-b:65536")) {
            var refused = assertThrows(IllegalArgumentException.class, () -> SfuTargets.parse(typo, "ARDOISE_SFU_ADVERTISE"));
            assertTrue(refused.getMessage().startsWith("ARDOISE_SFU_ADVERTISE: \"" + typo + "\""), refused.getMessage());
        }
    }
}
