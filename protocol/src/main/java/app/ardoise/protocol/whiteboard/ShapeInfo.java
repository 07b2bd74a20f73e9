package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.ShapeKind;

/**
 * What the room needs to judge an op on an existing shape.
 *
 * @param owner    the client id of the create, the only one a student may change it as
 * @param live     shown: neither deleted nor cleared (the page itself may still be removed)
 * @param hiddenBy while not shown, who hid it last: the client id of its delete, or {@link #CLEARED} when a clear of
 *                 its page did; empty while shown. A student brings back only what they took away themselves.
 */
public record ShapeInfo(String shapeId, ShapeKind kind, String owner, boolean live, int pointCount, String hiddenBy) {
    /** Hidden by a clear of its page, which only a teacher does: no client id is empty. */
    public static final String CLEARED = "";

    public ShapeInfo {
        hiddenBy = live ? "" : hiddenBy;
    }
}
