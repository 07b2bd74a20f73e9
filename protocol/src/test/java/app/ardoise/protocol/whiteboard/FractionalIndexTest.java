package app.ardoise.protocol.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FractionalIndexTest {

    @Test
    void stacksByStepsAndSqueezesByFractions() {
        assertEquals("a0", FractionalIndex.between(null, null));
        assertEquals("a1", FractionalIndex.between("a0", null));
        assertEquals("Zz", FractionalIndex.between(null, "a0"));
        assertEquals("b00", FractionalIndex.between("az", null));
        assertEquals("Yzz", FractionalIndex.between(null, "Z0"));
        assertEquals("a0V", FractionalIndex.between("a0", "a1"));
        assertEquals("a1", FractionalIndex.between("a0", "a2"));
        assertEquals("a0k", FractionalIndex.between("a0V", "a1"));
        assertEquals("a0F", FractionalIndex.between("a0", "a0V"));
        assertEquals("a0", FractionalIndex.between(null, "a0V"));
    }

    @Test
    void refusesKeysItWouldNeverMake() {
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("a1", "a1"));
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("a1V0", null));
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("", null));
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("a", null));
        assertThrows(IllegalArgumentException.class, () -> FractionalIndex.between("a1-", null));
    }

    /** Inserting anywhere, over and over, always yields a valid key strictly between its neighbours. */
    @Property(tries = 200)
    void insertionsKeepTheOrder(@ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 1000) Integer> positions) {
        List<String> keys = new ArrayList<>();
        for (int position : positions) {
            int at = position % (keys.size() + 1);
            String key = FractionalIndex.between(at == 0 ? null : keys.get(at - 1), at == keys.size() ? null : keys.get(at));
            FractionalIndex.between(key, null);
            keys.add(at, key);
        }
        for (int i = 1; i < keys.size(); i++) {
            assertTrue(keys.get(i - 1).compareTo(keys.get(i)) < 0, keys.toString());
        }
    }

    @Test
    void stackingAPageFullKeepsKeysShort() {
        String top = null;
        String bottom = null;
        for (int i = 0; i < WhiteboardLimits.MAX_SHAPES_PER_PAGE; i++) {
            top = FractionalIndex.between(top, null);
            bottom = FractionalIndex.between(null, bottom == null ? "a0" : bottom);
        }
        assertEquals(4, top.length(), top);
        assertEquals(4, bottom.length(), bottom);
        Random random = new Random(7);
        String low = "a0";
        String high = "a1";
        for (int i = 0; i < 50; i++) {
            String mid = FractionalIndex.between(low, high);
            if (random.nextBoolean()) {
                low = mid;
            } else {
                high = mid;
            }
        }
        assertTrue(low.compareTo(high) < 0);
    }
}
