package app.ardoise.cluster.contract;

/**
 * Published on the node's event stream by a class each time it writes ClassEnded, whatever ended it: for whoever
 * on that node follows ends from outside the room (the BigBlueButton-compatible API's end callback). Node-local,
 * never sent over the wire.
 */
public record ClassEndedNotice(String roomId) {}
