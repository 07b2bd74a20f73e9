package app.ardoise.cluster;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * How the node writes its log lines: {@code text} for people, {@code json} (one object a line) for a
 * log collector. logback.xml reads ARDOISE_LOG_FORMAT itself, as the name of the file it includes
 * (ardoise/log/); it is read here too only to stop the start on a value logback would log nothing for.
 */
enum LogFormat {
    TEXT,
    JSON;

    static LogFormat from(Config config) {
        String value = config.getString("ardoise.log.format");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ardoise.log.format (ARDOISE_LOG_FORMAT) must be text or json, not \""
                    + value + "\"");
        }
    }
}
