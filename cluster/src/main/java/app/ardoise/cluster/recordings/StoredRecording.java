package app.ardoise.cluster.recordings;

import java.time.Instant;

/**
 * One recorded file of a class: a teacher's microphone over one recording span, Ogg/Opus, stored as the class's
 * blob {@code blob}.
 */
public record StoredRecording(String recordingId, String participantId, Instant startedAt, Instant endedAt, long bytes,
                              String blob) {
}
