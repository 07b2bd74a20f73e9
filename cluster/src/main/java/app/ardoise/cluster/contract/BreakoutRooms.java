package app.ardoise.cluster.contract;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The room ids of a class's breakout groups: the class's id, "~" and the group's ("g1", "g2"... numbered over
 * the class's life). Derived, so the class never stores them and whoever erases the class finds them all; "~"
 * is no class id's character, so no REST route takes a group for a class.
 */
public final class BreakoutRooms {
    private BreakoutRooms() {}

    public static String of(String classId, String groupId) {
        return classId + "~" + groupId;
    }

    /** The id, in its class's plan, of the class's {@code n}th group (from 1). */
    public static String groupId(int n) {
        return "g" + n;
    }

    /** Every group a class that has made {@code made} of them has had. */
    public static List<String> all(String classId, int made) {
        return IntStream.rangeClosed(1, made).mapToObj(n -> of(classId, groupId(n))).toList();
    }
}
