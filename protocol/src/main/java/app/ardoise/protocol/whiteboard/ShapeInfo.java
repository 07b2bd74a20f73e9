package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.ShapeKind;

/**
 * What the room needs to judge an op on an existing shape.
 *
 * @param owner the client id of the create, the only one a student may change it as
 * @param live  shown: neither deleted nor cleared (the page itself may still be removed)
 */
public record ShapeInfo(String shapeId, ShapeKind kind, String owner, boolean live, int pointCount) {}
