package app.ardoise.protocol.whiteboard;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** One page's replicated state: its own registers, the newest clear, and its shapes by id. */
final class Page {
    final String id;
    private Register<Boolean> life;
    private Register<String> title;
    private Register<String> order;
    private Stamp cleared;
    private final SortedMap<String, Shape> shapes = new TreeMap<>();

    Page(String id) {
        this.id = id;
    }

    Register<Boolean> life() {
        return life;
    }

    Register<String> title() {
        return title;
    }

    Register<String> order() {
        return order;
    }

    Stamp cleared() {
        return cleared;
    }

    SortedMap<String, Shape> shapes() {
        return Collections.unmodifiableSortedMap(shapes);
    }

    /** The shape with this id, made empty (not shown) when an op refers to it first. */
    Shape shape(String shapeId) {
        return shapes.computeIfAbsent(shapeId, Shape::new);
    }

    boolean live() {
        return life != null && life.value();
    }

    boolean mergeLife(Register<Boolean> incoming) {
        Register<Boolean> merged = Register.max(life, incoming, Register::life);
        boolean changed = merged != life;
        life = merged;
        return changed;
    }

    boolean mergeTitle(Register<String> incoming) {
        Register<String> merged = Register.max(title, incoming, Canonical::escape);
        boolean changed = merged != title;
        title = merged;
        return changed;
    }

    boolean mergeOrder(Register<String> incoming) {
        Register<String> merged = Register.max(order, incoming, Canonical::escape);
        boolean changed = merged != order;
        order = merged;
        return changed;
    }

    /** Only the newest clear matters: it deletes everything an older one did. */
    boolean mergeCleared(Stamp incoming) {
        if (cleared != null && incoming.compareTo(cleared) <= 0) {
            return false;
        }
        cleared = incoming;
        return true;
    }

    int visibleCount() {
        int count = 0;
        for (Shape shape : shapes.values()) {
            if (shape.visible(cleared)) {
                count++;
            }
        }
        return count;
    }
}
