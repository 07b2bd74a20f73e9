package app.ardoise.media;

/**
 * One file of a recording as the SFU made it: one participant's microphone, Ogg/Opus.
 *
 * @param startedAtMs the wall-clock time of its first packet
 * @param endedAtMs the wall-clock time of its last packet
 * @param durationMs what a player plays (the Ogg's last granule position, less the pre-skip)
 */
public record RecordedFile(String fileId, String participant, long startedAtMs, long endedAtMs, long bytes, long durationMs) {}
