package app.ardoise.cluster.room;

/**
 * A chat message as the class keeps it: without the control characters a terminal or a log would act on (lines and
 * tabs stay), and without the bidirectional embeddings, overrides and isolates, with which "photo", U+202E, "gnp.exe"
 * shows as "photoexe.png" to everyone else and a message can reverse whatever follows it on the line. The marks a
 * right-to-left script needs beside a left-to-right word (U+200E, U+200F) and the joiners of emoji stay.
 */
final class ChatText {
    private ChatText() {}

    static String clean(String raw) {
        if (raw.codePoints().noneMatch(ChatText::dropped)) {
            return raw;
        }
        StringBuilder text = new StringBuilder(raw.length());
        raw.codePoints().filter(c -> !dropped(c)).forEach(text::appendCodePoint);
        return text.toString();
    }

    private static boolean dropped(int c) {
        return (Character.isISOControl(c) && c != '\n' && c != '\t')
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
