package app.ardoise.cluster.contract;

/**
 * What became of a {@link RoomCommand.Act}: done (with its event's seq, 0 when it changed nothing), refused by the
 * class's rules (the same code and words a teacher's client would get), or no such class.
 */
public record ActResult(Outcome outcome, long seq, String code, String message) implements ClusterMessage {
    public enum Outcome { DONE, REFUSED, UNKNOWN }

    public static ActResult done(long seq) {
        return new ActResult(Outcome.DONE, seq, "", "");
    }

    public static ActResult refused(String code, String message) {
        return new ActResult(Outcome.REFUSED, 0, code, message);
    }

    public static ActResult unknown() {
        return new ActResult(Outcome.UNKNOWN, 0, "", "");
    }
}
