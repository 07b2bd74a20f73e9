package app.ardoise.cluster.session;

/**
 * Display names as typed by students: trimmed, without control characters (newlines) and without invisible
 * formatting ones, of which the bidirectional overrides (U+202E before "evilname") would let a name show reversed beside
 * everyone else's name. The zero-width joiners stay: emoji sequences and several scripts need them.
 */
final class DisplayNames {
    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private DisplayNames() {}

    static String clean(String raw) {
        StringBuilder name = new StringBuilder(raw.length());
        raw.codePoints()
                .filter(c -> !Character.isISOControl(c) && !invisible(c))
                .forEach(name::appendCodePoint);
        return name.toString().strip().replaceAll("\\s+", " ");
    }

    private static boolean invisible(int c) {
        return Character.getType(c) == Character.FORMAT && c != ZERO_WIDTH_NON_JOINER && c != ZERO_WIDTH_JOINER;
    }
}
