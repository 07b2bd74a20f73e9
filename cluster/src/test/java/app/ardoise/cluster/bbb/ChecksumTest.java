package app.ardoise.cluster.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checksum rules that need no node: which algorithms are allowed, and how the checksum is cut out of the query. */
class ChecksumTest {
    private static final String SECRET = "a-shared-secret-0123456789";

    @Test
    void a_checksum_whose_algorithm_is_not_allowed_is_refused() {
        String query = "meetingID=m-1";
        String sha1 = Checksum.of(Checksum.Algorithm.SHA1, "end", query, SECRET);
        String sha512 = Checksum.of(Checksum.Algorithm.SHA512, "end", query, SECRET);
        assertEquals(40, sha1.length());
        assertEquals(128, sha512.length());
        Set<Checksum.Algorithm> strong = EnumSet.of(Checksum.Algorithm.SHA256, Checksum.Algorithm.SHA512);
        assertFalse(Checksum.valid("end", query + "&checksum=" + sha1, SECRET, strong));
        assertTrue(Checksum.valid("end", query + "&checksum=" + sha512, SECRET, strong));
    }

    @Test
    void the_checksum_is_cut_out_wherever_it_stands() {
        String query = "a=1&b=2";
        String sum = Checksum.of(Checksum.Algorithm.SHA256, "create", query, SECRET);
        Set<Checksum.Algorithm> all = EnumSet.allOf(Checksum.Algorithm.class);
        assertTrue(Checksum.valid("create", "checksum=" + sum + "&" + query, SECRET, all));
        assertTrue(Checksum.valid("create", "a=1&checksum=" + sum + "&b=2", SECRET, all));
        assertTrue(Checksum.valid("create", query + "&checksum=" + sum, SECRET, all));
        String empty = Checksum.of(Checksum.Algorithm.SHA1, "getMeetings", "", SECRET);
        assertTrue(Checksum.valid("getMeetings", "checksum=" + empty, SECRET, all));
        // A parameter that merely ends in "checksum" is not the checksum.
        assertFalse(Checksum.valid("create", "xchecksum=" + sum + "&" + query, SECRET, all));
    }

    @Test
    void settings_name_the_algorithms_and_refuse_a_short_secret() {
        assertEquals(EnumSet.of(Checksum.Algorithm.SHA256, Checksum.Algorithm.SHA384),
                BbbSettings.of(SECRET, List.of("sha256", "SHA-384")).algorithms());
        assertThrows(IllegalArgumentException.class, () -> BbbSettings.of(SECRET, List.of("md5")));
        assertThrows(IllegalArgumentException.class, () -> BbbSettings.of("short", List.of("sha1")));
        assertTrue(BbbSettings.of("", List.of("sha1")).enabled().isEmpty());
    }
}
