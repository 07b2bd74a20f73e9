package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.LifeRegister;
import app.ardoise.protocol.v1.PageState;
import app.ardoise.protocol.v1.ShapeBirth;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.ShapeState;
import app.ardoise.protocol.v1.StampedProps;
import app.ardoise.protocol.v1.StringRegister;
import app.ardoise.protocol.v1.WhiteboardDocument;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * WhiteboardDocument to and from a replica. Decoding merges the snapshot's registers into the
 * document, so a snapshot is just another state to join: loading it twice, or after some of its
 * ops, changes nothing.
 */
final class SnapshotCodec {

    private SnapshotCodec() {}

    static WhiteboardDocument encode(WhiteboardDoc doc) {
        WhiteboardDocument.Builder out = WhiteboardDocument.newBuilder().setMaxLamport(doc.maxLamport());
        for (Page page : doc.pages().values()) {
            PageState.Builder state = PageState.newBuilder().setPageId(page.id);
            if (page.life() != null) {
                state.setLife(life(page.life()));
            }
            if (page.title() != null) {
                state.setTitle(string(page.title()));
            }
            if (page.order() != null) {
                state.setOrder(string(page.order()));
            }
            if (page.cleared() != null) {
                state.setCleared(stamp(page.cleared()));
            }
            page.shapes().values().forEach(shape -> state.addShapes(shape(shape)));
            out.addPages(state);
        }
        return out.build();
    }

    static void mergeInto(WhiteboardDoc doc, WhiteboardDocument snapshot) {
        doc.raiseLamport(snapshot.getMaxLamport());
        for (PageState state : snapshot.getPagesList()) {
            Page page = doc.page(state.getPageId());
            if (state.hasLife()) {
                page.mergeLife(life(state.getLife()));
            }
            if (state.hasTitle()) {
                page.mergeTitle(string(state.getTitle()));
            }
            if (state.hasOrder()) {
                page.mergeOrder(string(state.getOrder()));
            }
            if (state.hasCleared()) {
                page.mergeCleared(stamp(state.getCleared()));
            }
            state.getShapesList().forEach(shape -> page.changeShape(shape.getShapeId(), target -> {
                mergeShape(target, shape);
                return true;
            }));
        }
    }

    private static ShapeState shape(Shape shape) {
        ShapeState.Builder state = ShapeState.newBuilder().setShapeId(shape.id);
        if (shape.birth() != null) {
            state.setBirth(ShapeBirth.newBuilder()
                    .setStamp(stamp(shape.birth().stamp()))
                    .setKindValue(shape.birth().value().kindValue())
                    .addAllPoints(shape.birth().value().points()));
        }
        if (shape.life() != null) {
            state.setLife(life(shape.life()));
        }
        // Fields written by one op share a stamp; grouping them keeps snapshots close to the ops.
        SortedMap<Stamp, ShapeProps.Builder> byStamp = new TreeMap<>();
        shape.props().forEach((number, register) -> byStamp
                .computeIfAbsent(register.stamp(), s -> ShapeProps.newBuilder())
                .setField(PropFields.byNumber(number), register.value()));
        byStamp.forEach((stamp, props) -> state.addProps(
                StampedProps.newBuilder().setStamp(stamp(stamp)).setProps(props)));
        return state.build();
    }

    private static void mergeShape(Shape shape, ShapeState state) {
        if (state.hasBirth()) {
            ShapeBirth birth = state.getBirth();
            shape.mergeBirth(new Register<>(stamp(birth.getStamp()), new Birth(birth.getKindValue(), birth.getPointsList())));
        }
        if (state.hasLife()) {
            shape.mergeLife(life(state.getLife()));
        }
        state.getPropsList().forEach(props -> shape.write(stamp(props.getStamp()), props.getProps()));
    }

    private static app.ardoise.protocol.v1.Stamp stamp(Stamp stamp) {
        return app.ardoise.protocol.v1.Stamp.newBuilder()
                .setLamport(stamp.lamport()).setClientId(stamp.clientId()).build();
    }

    private static Stamp stamp(app.ardoise.protocol.v1.Stamp stamp) {
        return new Stamp(stamp.getLamport(), stamp.getClientId());
    }

    private static LifeRegister life(Register<Boolean> life) {
        return LifeRegister.newBuilder().setStamp(stamp(life.stamp())).setAlive(life.value()).build();
    }

    private static Register<Boolean> life(LifeRegister life) {
        return new Register<>(stamp(life.getStamp()), life.getAlive());
    }

    private static StringRegister string(Register<String> register) {
        return StringRegister.newBuilder().setStamp(stamp(register.stamp())).setValue(register.value()).build();
    }

    private static Register<String> string(StringRegister register) {
        return new Register<>(stamp(register.getStamp()), register.getValue());
    }
}
