package app.ardoise.protocol.whiteboard;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The two canonical texts that are hashed, specified line by line in protocol/WHITEBOARD.md
 * ("Digests"): any change here must change the TypeScript twin and the vectors with it.
 */
final class DigestText {

    private DigestText() {}

    /** Everything a replica holds; two replicas with the same text have the same state. */
    static String replica(WhiteboardDoc doc) {
        StringBuilder out = new StringBuilder("ardoise-whiteboard 1\n");
        line(out, "lamport", Long.toUnsignedString(doc.maxLamport()));
        for (Page page : doc.pages().values()) {
            line(out, "page", Canonical.escape(page.id));
            line(out, "life", life(page.life()));
            line(out, "title", string(page.title()));
            line(out, "order", string(page.order()));
            line(out, "cleared", page.cleared() == null ? "-" : page.cleared().canonical());
            for (Shape shape : page.shapes().values()) {
                line(out, "shape", Canonical.escape(shape.id));
                Register<Birth> birth = shape.birth();
                line(out, "birth", birth == null ? "-" : birth.stamp().canonical() + "\t" + birth.value().canonical());
                line(out, "life", life(shape.life()));
                shape.props().forEach((number, register) -> {
                    FieldDescriptor field = PropFields.byNumber(number);
                    line(out, "prop", field.getName() + "\t" + register.stamp().canonical() + "\t"
                            + PropFields.canonical(field, register.value()));
                });
            }
        }
        return out.toString();
    }

    /** What users see, without stamps: two documents with the same view text look the same. */
    static String view(WhiteboardDoc doc) {
        StringBuilder out = new StringBuilder("ardoise-whiteboard-view 1\n");
        List<Page> pages = new ArrayList<>();
        for (Page page : doc.pages().values()) {
            if (page.live()) {
                pages.add(page);
            }
        }
        pages.sort(Comparator.comparing((Page page) -> value(page.order())).thenComparing(page -> page.id));
        for (Page page : pages) {
            line(out, "page", Canonical.escape(page.id) + "\t" + Canonical.escape(value(page.title())));
            List<Shape> shapes = new ArrayList<>();
            for (Shape shape : page.shapes().values()) {
                if (shape.visible(page.cleared())) {
                    shapes.add(shape);
                }
            }
            shapes.sort(Comparator.comparing((Shape shape) -> (String) shape.effective(PropFields.Z_INDEX))
                    .thenComparing(shape -> shape.id));
            shapes.forEach(shape -> line(out, "shape", shapeView(shape)));
        }
        return out.toString();
    }

    private static String shapeView(Shape shape) {
        Birth birth = shape.birth().value();
        StringBuilder text = new StringBuilder()
                .append(Canonical.escape(shape.id)).append('\t')
                .append(Canonical.kind(birth.kindValue())).append('\t')
                .append("owner=").append(Canonical.escape(shape.birth().stamp().clientId()));
        if (!birth.points().isEmpty()) {
            text.append("\tpoints=").append(Canonical.points(birth.points()));
        }
        for (FieldDescriptor field : PropFields.ALL) {
            Object value = shape.effective(field);
            if (!value.equals(PropFields.zero(field))) {
                text.append('\t').append(field.getName()).append('=').append(PropFields.canonical(field, value));
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder out, String tag, String rest) {
        out.append(tag).append('\t').append(rest).append('\n');
    }

    private static String life(Register<Boolean> life) {
        return life == null ? "-" : life.stamp().canonical() + "\t" + Register.life(life.value());
    }

    private static String string(Register<String> register) {
        return register == null ? "-" : register.stamp().canonical() + "\t" + Canonical.escape(register.value());
    }

    private static String value(Register<String> register) {
        return register == null ? "" : register.value();
    }
}
