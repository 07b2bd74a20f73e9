package app.ardoise.protocol.whiteboard;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** One page's replicated state: its own registers, the newest clear, and its shapes by id. */
final class Page {
    final String id;
    private Register<Boolean> life;
    private Register<String> title;
    private Register<String> order;
    private Stamp cleared;
    private final SortedMap<String, Shape> shapes = new TreeMap<>();
    /** Shapes shown now, kept as shapes change: the per-page limit reads it on every batch. */
    private int shown;

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

    /**
     * Changes the shape with this id (made empty, not shown, when first referred to) and keeps the
     * shown count; every change to a shape goes through here. Returns what {@code change} returns.
     */
    boolean changeShape(String shapeId, Predicate<Shape> change) {
        Shape shape = shapes.computeIfAbsent(shapeId, Shape::new);
        boolean before = shape.visible(cleared);
        boolean changed = change.test(shape);
        boolean after = shape.visible(cleared);
        if (before != after) {
            shown += after ? 1 : -1;
        }
        return changed;
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
        shown = (int) shapes.values().stream().filter(shape -> shape.visible(incoming)).count();
        return true;
    }

    int visibleCount() {
        return shown;
    }
}
