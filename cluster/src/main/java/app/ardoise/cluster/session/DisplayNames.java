package app.ardoise.cluster.session;

/** Display names as typed by students: trimmed, with control characters (newlines, bidi tricks aside) removed. */
final class DisplayNames {
    private DisplayNames() {}

    static String clean(String raw) {
        StringBuilder name = new StringBuilder(raw.length());
        raw.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .forEach(name::appendCodePoint);
        return name.toString().strip().replaceAll("\\s+", " ");
    }
}
