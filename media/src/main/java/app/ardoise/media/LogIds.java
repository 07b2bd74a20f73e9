package app.ardoise.media;

import org.slf4j.MDC;

/**
 * A stream's class and participant ids as MDC around a line about it, so that the node's JSON logs
 * (ARDOISE_LOG_FORMAT=json) carry them as fields a log collector can search, not only inside the text.
 */
final class LogIds {
    private LogIds() {}

    static void around(Join join, Runnable line) {
        try (var classId = MDC.putCloseable("classId", join.room());
             var participantId = MDC.putCloseable("participantId", join.participant())) {
            line.run();
        }
    }
}
