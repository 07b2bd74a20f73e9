package app.ardoise.cluster.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Text as the export writes it: in Helvetica, one of the 14 fonts every PDF reader has, so nothing is embedded.
 * Its encoding (WinAnsi) holds Latin-1 and the French typography's extras (œ, €, ’, « »), not every script: a
 * character it cannot encode is written as "?" rather than fail the page or be dropped unseen.
 */
final class Lettering {
    static final char MISSING = '?';

    private final PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final Map<Integer, Boolean> encodable = new HashMap<>();

    PDFont font() {
        return font;
    }

    /**
     * The text with every character the font cannot write replaced by {@link #MISSING}; line breaks kept, tabs and
     * carriage returns as spaces.
     */
    String writable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(point -> {
            int shown = point == '\t' || point == '\r' ? ' ' : point;
            out.appendCodePoint(shown == '\n' || encodable.computeIfAbsent(shown, this::encodes) ? shown : MISSING);
        });
        return out.toString();
    }

    /** Width in units of the font size. */
    double width(String writable) {
        try {
            return font.getStringWidth(writable) / 1000.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The lines as render.ts lays them out: one per paragraph, and within {@code maxWidth} (in units of the font
     * size) a new line before a word that would cross it.
     */
    List<String> lines(String writable, double maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : writable.split("\n", -1)) {
            String line = "";
            for (String word : paragraph.split(" ", -1)) {
                String next = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && width(next) > maxWidth) {
                    lines.add(line);
                    line = word;
                } else {
                    line = next;
                }
            }
            lines.add(line);
        }
        return lines;
    }

    private boolean encodes(int point) {
        if (Character.isISOControl(point)) {
            return false;
        }
        try {
            font.encode(new String(Character.toChars(point)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
