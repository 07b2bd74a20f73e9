package app.ardoise.cluster.contract;

import app.ardoise.protocol.v1.Poll;
import app.ardoise.protocol.v1.PollTally;

/**
 * A class's answer about one of its polls (RoomCommand.PollResults): {@code found} false when it holds no such poll.
 * The tally names who answered what only when the poll is not anonymous, as the teachers' live results do.
 */
public record PollReport(boolean found, Poll poll, PollTally tally) implements ClusterMessage {
    public static PollReport none() {
        return new PollReport(false, Poll.getDefaultInstance(), PollTally.getDefaultInstance());
    }
}
