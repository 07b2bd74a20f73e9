package app.ardoise.cluster.export;

import java.util.Optional;

/** The board's colours ("#rrggbb" or "#rrggbbaa") as a PDF takes them: red, green, blue and opacity, 0 to 1. */
record Colors(float red, float green, float blue, float alpha) {

    /** Empty for an empty or malformed colour, which the browser would not paint either. */
    static Optional<Colors> parse(String text) {
        if (text == null || !text.matches("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
            return Optional.empty();
        }
        return Optional.of(new Colors(channel(text, 1), channel(text, 3), channel(text, 5),
                text.length() == 9 ? channel(text, 7) : 1f));
    }

    static Colors parseOr(String text, String fallback) {
        return parse(text).orElseGet(() -> parse(fallback).orElseThrow());
    }

    private static float channel(String text, int at) {
        return Integer.parseInt(text.substring(at, at + 2), 16) / 255f;
    }
}
