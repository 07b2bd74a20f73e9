package app.ardoise.protocol.whiteboard;

/**
 * Keys for z_index and page order, compared as plain strings: there is always a key between
 * two others, so moving a shape writes one register and never renumbers its neighbours.
 *
 * <p>A key is an integer part and an optional fraction, in base-62 digits (ASCII order, so string
 * order is numeric order). The integer part starts with a letter giving its number of digits:
 * 'a' one, 'b' two, ... for the upper half; 'Z' one, 'Y' two, ... below it. Putting a shape on
 * top or at the bottom steps the integer, so a page of n shapes stacked one by one has keys of
 * about log62(n) characters; only inserting between two neighbours grows the fraction. A fraction
 * never ends in '0', or nothing would fit between "a5V" and "a5V0".
 */
public final class FractionalIndex {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The key of the first shape of a page. */
    private static final String ZERO = "a0";

    private FractionalIndex() {}

    /**
     * A key strictly between {@code before} and {@code after}; null for either stands for the
     * bottom or the top. Two clients asking for the same gap get the same key: paint order then
     * falls back to the shape id (page id for pages), and either may move away with a Reorder.
     */
    public static String between(String before, String after) {
        if (before != null) {
            requireKey(before);
        }
        if (after != null) {
            requireKey(after);
        }
        if (before != null && after != null && before.compareTo(after) >= 0) {
            throw new IllegalArgumentException("not ordered: " + before + " >= " + after);
        }
        if (before == null && after == null) {
            return ZERO;
        }
        if (before == null) {
            String integer = integerPart(after);
            if (after.length() > integer.length()) {
                return integer;
            }
            String lower = step(integer, -1);
            if (lower == null) {
                throw new IllegalArgumentException("no key below " + after);
            }
            return lower;
        }
        String integer = integerPart(before);
        String fraction = before.substring(integer.length());
        if (after != null && integerPart(after).equals(integer)) {
            return integer + midpoint(fraction, after.substring(integer.length()));
        }
        String higher = step(integer, +1);
        if (higher != null && (after == null || higher.compareTo(after) < 0)) {
            return higher;
        }
        return integer + midpoint(fraction, null);
    }

    /** A fraction strictly between a ("" for zero) and b (null for one); neither ends in '0'. */
    private static String midpoint(String a, String b) {
        if (b != null) {
            // Keep the common prefix (a padded with zeros) and split what follows.
            int n = 0;
            while (n < b.length() && (n < a.length() ? a.charAt(n) : '0') == b.charAt(n)) {
                n++;
            }
            if (n > 0) {
                return b.substring(0, n) + midpoint(a.substring(Math.min(n, a.length())), b.substring(n));
            }
        }
        int low = a.isEmpty() ? 0 : DIGITS.indexOf(a.charAt(0));
        int high = b == null ? DIGITS.length() : DIGITS.indexOf(b.charAt(0));
        if (high - low > 1) {
            return String.valueOf(DIGITS.charAt((low + high) / 2));
        }
        // Adjacent first digits: b's first digit alone is already below b when b goes on.
        if (b != null && b.length() > 1) {
            return b.substring(0, 1);
        }
        return DIGITS.charAt(low) + midpoint(a.isEmpty() ? "" : a.substring(1), null);
    }

    /** The next integer part up (+1) or down (-1), or null past the last one. */
    private static String step(String integer, int delta) {
        char[] digits = integer.substring(1).toCharArray();
        char top = delta > 0 ? 'z' : '0';
        char bottom = delta > 0 ? '0' : 'z';
        for (int i = digits.length - 1; i >= 0; i--) {
            if (digits[i] != top) {
                digits[i] = DIGITS.charAt(DIGITS.indexOf(digits[i]) + delta);
                return integer.charAt(0) + new String(digits);
            }
            digits[i] = bottom;
        }
        // Every digit overflowed: move to the neighbouring head, whose length differs by one.
        char head = integer.charAt(0);
        char next = delta > 0 ? (head == 'Z' ? 'a' : (char) (head + 1)) : (head == 'a' ? 'Z' : (char) (head - 1));
        if (next < 'A' || next > 'z' || (next > 'Z' && next < 'a')) {
            return null;
        }
        return next + String.valueOf(bottom).repeat(integerLength(next));
    }

    private static int integerLength(char head) {
        if (head >= 'a' && head <= 'z') {
            return head - 'a' + 1;
        }
        if (head >= 'A' && head <= 'Z') {
            return 'Z' - head + 1;
        }
        return -1;
    }

    private static String integerPart(String key) {
        return key.substring(0, 1 + integerLength(key.charAt(0)));
    }

    /**
     * Whether {@code key} follows the grammar {@link #between} makes keys in: the room refuses
     * any other z_index or page order, since nothing could ever be placed next to it.
     */
    public static boolean isKey(String key) {
        int length = key.isEmpty() ? -1 : integerLength(key.charAt(0));
        return length > 0 && key.length() > length
                && key.chars().skip(1).allMatch(c -> DIGITS.indexOf(c) >= 0)
                && (key.length() == length + 1 || !key.endsWith("0"));
    }

    private static void requireKey(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException("not a fractional index: \"" + key + "\"");
        }
    }
}
