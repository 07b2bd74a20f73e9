package app.ardoise.cluster.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Text as the export writes it. In Helvetica when it can: one of the 14 fonts every PDF reader has, so nothing is
 * embedded, and its encoding (WinAnsi) holds Latin-1 and the French typography's extras (œ, €, ’, « »). A text
 * with anything else (a name in Arabic, Greek, Cyrillic, Chinese) is written whole in the wide font, a TrueType
 * file of the machine's embedded as the subset the text uses; a character neither font has is written as "?"
 * rather than fail the page or be dropped unseen.
 */
final class Lettering {
    private static final char MISSING = '?';

    /** A text ready to write: the font it is written in, and its characters that font has. */
    record Lettered(PDFont font, String text) {}

    private final PDFont latin = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDDocument pdf;
    private final Optional<Path> wideFile;
    private Optional<PDFont> wide;
    private final Map<PDFont, Map<Integer, Boolean>> encodable = new HashMap<>();

    /** @param wideFile the TrueType font for what Helvetica cannot write, loaded into {@code pdf} when first needed */
    Lettering(PDDocument pdf, Optional<Path> wideFile) {
        this.pdf = pdf;
        this.wideFile = wideFile;
    }

    /** The text in the font that writes all of it, line breaks kept, tabs and carriage returns as spaces. */
    Lettered letter(String text) {
        String spaced = text.replace('\t', ' ').replace('\r', ' ');
        if (spaced.codePoints().allMatch(point -> writes(latin, point))) {
            return new Lettered(latin, spaced);
        }
        PDFont font = wide().orElse(latin);
        StringBuilder out = new StringBuilder(spaced.length());
        spaced.codePoints().forEach(point -> out.appendCodePoint(writes(font, point) ? point : MISSING));
        return new Lettered(font, out.toString());
    }

    /** Width in units of the font size. */
    static double width(PDFont font, String written) {
        try {
            return font.getStringWidth(written) / 1000.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The lines as render.ts lays them out: one per paragraph, and within {@code maxWidth} (in units of the font
     * size) a new line before a word that would cross it.
     */
    static List<String> lines(Lettered lettered, double maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : lettered.text().split("\n", -1)) {
            String line = "";
            for (String word : paragraph.split(" ", -1)) {
                String next = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && width(lettered.font(), next) > maxWidth) {
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

    private Optional<PDFont> wide() {
        if (wide == null) {
            wide = wideFile.filter(Files::isReadable).flatMap(file -> {
                try {
                    return Optional.of(PDType0Font.load(pdf, file.toFile()));
                } catch (IOException e) {
                    // Not a font PDFBox reads: the text is written as Helvetica can, as without one.
                    return Optional.empty();
                }
            });
        }
        return wide;
    }

    private boolean writes(PDFont font, int point) {
        if (point == '\n') {
            return true;
        }
        return encodable.computeIfAbsent(font, f -> new HashMap<>()).computeIfAbsent(point, p -> encodes(font, p));
    }

    private static boolean encodes(PDFont font, int point) {
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
