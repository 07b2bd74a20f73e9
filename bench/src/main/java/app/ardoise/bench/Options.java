package app.ardoise.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments with defaults; every option used is printed with the results. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.values.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    double number(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)));
    }
}
