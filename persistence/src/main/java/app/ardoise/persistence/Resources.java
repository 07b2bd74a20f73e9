package app.ardoise.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Text resources of this module, some of them templates with {@code ${name}} placeholders. */
final class Resources {
    private Resources() {
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static String template(String name, Map<String, String> values) {
        String text = text(name);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        int unfilled = text.indexOf("${");
        if (unfilled >= 0) {
            // A typo in a template must not reach Cassandra as a literal "${...}".
            throw new IllegalStateException("resource " + name + " has a placeholder nobody fills: "
                    + text.substring(unfilled, Math.min(text.length(), unfilled + 40)));
        }
        return text;
    }

    static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
