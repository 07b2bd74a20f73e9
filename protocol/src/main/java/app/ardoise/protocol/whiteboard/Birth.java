package app.ardoise.protocol.whiteboard;

import java.util.List;

/**
 * What a CreateShape fixes for the shape's whole life: its kind and, for freehand kinds, its
 * points. The kind is kept as its number so a kind added later survives a round trip.
 */
record Birth(int kindValue, List<Integer> points) {

    Birth {
        points = List.copyOf(points);
    }

    String canonical() {
        return Canonical.kind(kindValue) + "\t" + Canonical.points(points);
    }
}
