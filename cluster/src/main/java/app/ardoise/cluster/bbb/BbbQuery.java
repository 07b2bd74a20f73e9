package app.ardoise.cluster.bbb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A call's parameters, decoded from its raw query string; the first of a repeated name counts. */
record BbbQuery(Map<String, String> params) {

    BbbQuery {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    static BbbQuery parse(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (!name.equals("checksum")) {
                params.putIfAbsent(name, value);
            }
        }
        return new BbbQuery(params);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray % is kept as sent rather than refused: the checksum already vouched for it
        }
    }

    /** A parameter that is there and not blank. */
    Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    boolean flag(String name) {
        return get(name).map(value -> value.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
    }

    /** A whole number, or empty when absent or not one. */
    Optional<Long> number(String name) {
        try {
            return get(name).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
