package app.ardoise.cluster.contract;

import java.util.List;

/**
 * Published on the node's event stream by a class whose recording changes: whom to record, or that it stopped.
 * The node's recorder (recordings package) drives the SFU from these. Node-local, never sent over the wire.
 */
public sealed interface RecordingNotice {
    String roomId();

    String recordingId();

    /** The class's SFU (RoomState's media placement), whose recorder records it. */
    String sfu();

    /** Record these teachers' microphones; sent again when the teachers change, or the class's SFU. */
    record Record(String roomId, String recordingId, List<String> teacherIds, String sfu) implements RecordingNotice {
        public Record {
            teacherIds = List.copyOf(teacherIds);
        }
    }

    /** The recording ended: store its files, or, when the class is being deleted, drop them. */
    record Stop(String roomId, String recordingId, boolean keep, String sfu) implements RecordingNotice {
    }
}
