package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.WhiteboardOp;

/**
 * Stamps the ops one client makes on its replica. The clock first catches up with everything the
 * replica has applied, so each new op sorts after all that its author could see.
 */
public final class LocalAuthor {
    private final String clientId;
    private final WhiteboardDoc doc;
    private final Lamport clock;

    public LocalAuthor(String clientId, WhiteboardDoc doc) {
        this.clientId = clientId;
        this.doc = doc;
        this.clock = new Lamport(doc.maxLamport());
    }

    public String clientId() {
        return clientId;
    }

    /**
     * A fresh "client_id:n" for a shape or page. n is a tick of the clock, which only rises and
     * restarts from the snapshot's max_lamport after a reload, so an id is never handed out twice.
     */
    public String newId() {
        return clientId + ":" + Long.toUnsignedString(tick());
    }

    /** The draft (page and body) with this client's id, a new clock and an op id. */
    public WhiteboardOp stamp(WhiteboardOp draft) {
        long lamport = tick();
        return draft.toBuilder()
                .setId(clientId + ":" + Long.toUnsignedString(lamport))
                .setLamport(lamport)
                .setClientId(clientId)
                .build();
    }

    private long tick() {
        clock.observe(doc.maxLamport());
        return clock.next();
    }
}
