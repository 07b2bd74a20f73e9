package app.ardoise.cluster.session;

import app.ardoise.protocol.ErrorCode;
import app.ardoise.protocol.v1.ClientFrame;
import app.ardoise.protocol.v1.Error;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client's actions that went to its class and have had no answer yet (chat messages, whiteboard batches, and
 * the others below), so that the session sends them to the class again when it re-attaches. A class that moves or
 * restarts can lose them on the way without a word: pekko's shard region drops what it buffered for a shard
 * handed off twice, and a killed node takes its mailbox with it. The client would only notice when its own
 * watchdog gives up on the link (20 s in the browser). Every action kept here is one the class
 * recognises when a copy got through after all (README, "Sending again": a chat by its client_message_id, a batch
 * by its first op's clock), so a copy sent for nothing is answered with the first one's Ack; or one that sets a
 * participant's state to a value given whole (a hand raised or lowered, a teacher's lowering of another's
 * included; a poll's answer; a chosen group), whose copy the class answers as unchanged; or a Resync, which the
 * class answers with a Welcome and no Ack: any Welcome holds the whole board, so the first one ends it, and a copy
 * only brings one more.
 *
 * <p>An action sent again here may meet the class still moving: the class answers {@code unavailable} and asks
 * the session to re-attach, which sends it again. The client does not see that error (it would send a copy of its
 * own, and "not applied" would not be the whole story), up to {@link #TRIES} times; after that the error goes
 * through and the client decides.
 */
final class Unanswered {
    static final int TRIES = 3;
    /** A client far past this many actions without answers has a dead class: it keeps the most recent ones. */
    private static final int MAX_KEPT = 64;

    private final Map<Long, Kept> byClientSeq = new LinkedHashMap<>();

    private static final class Kept {
        final ClientFrame frame;
        int tries;

        Kept(ClientFrame frame) {
            this.frame = frame;
        }
    }

    /** Whether the class would know a copy of this frame from the first: only those are worth sending again. */
    static boolean recognisable(ClientFrame frame) {
        return switch (frame.getBodyCase()) {
            case CHAT -> !frame.getChat().getClientMessageId().isEmpty();
            case WHITEBOARD -> frame.getWhiteboard().getOpsCount() > 0;
            case RAISE_HAND, LOWER_HAND, ANSWER_POLL, CHOOSE_BREAKOUT, RESYNC -> true;
            default -> false;
        };
    }

    /** A recognisable frame that went to the class. */
    void sent(ClientFrame frame) {
        if (byClientSeq.size() == MAX_KEPT) {
            Iterator<Long> oldest = byClientSeq.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byClientSeq.put(frame.getClientSeq(), new Kept(frame));
    }

    /** Its Ack, or an error the client is to see: nothing more to do for it. */
    void answered(long clientSeq) {
        byClientSeq.remove(clientSeq);
    }

    /** A Welcome went to the client: it answers every Resync sent before it. */
    void welcomed() {
        byClientSeq.values().removeIf(kept -> kept.frame.hasResync());
    }

    /**
     * An {@code unavailable} error for an action this session has sent again: its copy is on its way, or goes with
     * the re-attach the class asked for with it. True when the client is not to see the error.
     */
    boolean covers(Error error) {
        Kept kept = byClientSeq.get(error.getClientSeq());
        if (kept == null || !ErrorCode.UNAVAILABLE.equals(error.getCode())) {
            return false;
        }
        if (kept.tries > 0 && kept.tries <= TRIES) {
            return true;
        }
        byClientSeq.remove(error.getClientSeq());
        return false;
    }

    /** The session has re-attached: what to send the class again, oldest first (the client's own order). */
    List<ClientFrame> again() {
        List<ClientFrame> frames = new ArrayList<>();
        for (Kept kept : byClientSeq.values()) {
            if (kept.tries < TRIES) {
                kept.tries++;
                frames.add(kept.frame);
            } else {
                kept.tries = TRIES + 1; // tried enough: its next unavailable goes to the client
            }
        }
        return frames;
    }
}
