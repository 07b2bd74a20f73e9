package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.ShapeProps;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One shape's replicated state: its birth, its life and one register per property. Every write
 * is a register merge, whatever the shape's life, so the state never depends on arrival order.
 */
final class Shape {
    final String id;
    private Register<Birth> birth;
    private Register<Boolean> life;
    private final SortedMap<Integer, Register<Object>> props = new TreeMap<>();

    Shape(String id) {
        this.id = id;
    }

    Register<Birth> birth() {
        return birth;
    }

    Register<Boolean> life() {
        return life;
    }

    /** Property registers by field number. */
    SortedMap<Integer, Register<Object>> props() {
        return Collections.unmodifiableSortedMap(props);
    }

    boolean mergeBirth(Register<Birth> incoming) {
        Register<Birth> merged = Register.max(birth, incoming, Birth::canonical);
        boolean changed = merged != birth;
        birth = merged;
        return changed;
    }

    boolean mergeLife(Register<Boolean> incoming) {
        Register<Boolean> merged = Register.max(life, incoming, Register::life);
        boolean changed = merged != life;
        life = merged;
        return changed;
    }

    /** Writes every field set in {@code values}, each as its own register. */
    boolean write(Stamp stamp, ShapeProps values) {
        boolean changed = false;
        for (FieldDescriptor field : PropFields.ALL) {
            if (values.hasField(field)) {
                changed |= mergeProp(field, new Register<>(stamp, values.getField(field)));
            }
        }
        return changed;
    }

    boolean mergeProp(FieldDescriptor field, Register<Object> incoming) {
        Register<Object> current = props.get(field.getNumber());
        Register<Object> merged = Register.max(current, incoming, value -> PropFields.canonical(field, value));
        props.put(field.getNumber(), merged);
        return merged != current;
    }

    /**
     * Shown when created and its latest create/delete/restore says alive and is newer than the
     * page's last clear; a tie with the clear counts as deleted, like a tie with a delete.
     */
    boolean visible(Stamp cleared) {
        return birth != null && life != null && life.value()
                && (cleared == null || life.stamp().compareTo(cleared) > 0);
    }

    Object effective(FieldDescriptor field) {
        Register<Object> register = props.get(field.getNumber());
        return register == null ? PropFields.zero(field) : register.value();
    }
}
