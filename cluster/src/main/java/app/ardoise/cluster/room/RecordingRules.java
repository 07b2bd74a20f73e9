package app.ardoise.cluster.room;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.RecordingChanged;
import app.ardoise.protocol.v1.RoomEvent;
import app.ardoise.protocol.v1.SetRecording;
import java.util.UUID;

/** The teachers' switch for recording their voices (README, "Recording"). */
final class RecordingRules {
    private RecordingRules() {}

    static Decision set(RoomState state, Member sender, SetRecording set) {
        if (!sender.isTeacher()) {
            return new Decision.Reject(ErrorCode.FORBIDDEN, "only a teacher records the class");
        }
        if (set.getOn() == state.recording().isPresent()) {
            return new Decision.Unchanged();
        }
        // A fresh id per span: each span is its own set of files, and a span never resumes another's.
        String recordingId = set.getOn() ? UUID.randomUUID().toString() : state.recording().orElseThrow();
        return new Decision.Accept(RoomEvent.newBuilder().setRecordingChanged(
                RecordingChanged.newBuilder().setOn(set.getOn()).setRecordingId(recordingId)));
    }
}
