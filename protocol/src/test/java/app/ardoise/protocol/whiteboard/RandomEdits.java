package app.ardoise.protocol.whiteboard;

import app.ardoise.protocol.v1.AddPage;
import app.ardoise.protocol.v1.ClearPage;
import app.ardoise.protocol.v1.CreateShape;
import app.ardoise.protocol.v1.DeleteShape;
import app.ardoise.protocol.v1.RemovePage;
import app.ardoise.protocol.v1.Reorder;
import app.ardoise.protocol.v1.ShapeKind;
import app.ardoise.protocol.v1.ShapeProps;
import app.ardoise.protocol.v1.UpdateProps;
import app.ardoise.protocol.v1.WhiteboardBatch;
import app.ardoise.protocol.v1.WhiteboardOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * What a person at a whiteboard might do next, chosen from what their replica shows: ops that
 * refer to shapes and pages the author has seen, so the causal links are the real ones, and
 * conflicts come from several authors acting on stale replicas.
 */
final class RandomEdits {
    private static final ShapeKind[] KINDS = {
        ShapeKind.SHAPE_KIND_PEN, ShapeKind.SHAPE_KIND_HIGHLIGHTER, ShapeKind.SHAPE_KIND_LINE,
        ShapeKind.SHAPE_KIND_ARROW, ShapeKind.SHAPE_KIND_RECTANGLE, ShapeKind.SHAPE_KIND_ELLIPSE,
        ShapeKind.SHAPE_KIND_TEXT, ShapeKind.SHAPE_KIND_STICKY_NOTE};
    /** Few values, so that concurrent writes often agree and often collide. */
    private static final String[] COLORS = {"#000000", "#e03131", "#2f9e44", "#1971c2", "#f08c0080"};
    private static final String[] TEXTS = {"", "x", "Théorème", "a\tb", "line\nbreak", "back\\slash", "π ≈ 3.14 🙂"};

    private final Random random;
    private final WhiteboardDoc doc;
    private final LocalAuthor author;

    RandomEdits(Random random, WhiteboardDoc doc, LocalAuthor author) {
        this.random = random;
        this.doc = doc;
        this.author = author;
    }

    WhiteboardBatch next() {
        List<Page> pages = livePages();
        List<WhiteboardOp> drafts = new ArrayList<>();
        if (pages.isEmpty() || random.nextInt(15) == 0) {
            String order = FractionalIndex.between(pages.isEmpty() ? null : orderOf(pages.get(pages.size() - 1)), null);
            drafts.add(draft(author.newId()).setAddPage(AddPage.newBuilder().setTitle(pick(TEXTS)).setOrder(order)).build());
            return stamp(drafts);
        }
        Page page = pages.get(random.nextInt(pages.size()));
        List<Shape> shown = shown(page);
        int choice = random.nextInt(100);
        if (shown.isEmpty() || choice < 30) {
            int count = 1 + random.nextInt(3);
            String z = shown.isEmpty() ? null : zOf(shown.get(shown.size() - 1));
            for (int i = 0; i < count; i++) {
                z = FractionalIndex.between(z, null);
                String id = author.newId();
                drafts.add(create(page.id, id, z));
                if (random.nextInt(5) == 0) {
                    drafts.add(update(page.id, id));
                }
            }
        } else if (choice < 60) {
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                drafts.add(update(page.id, pick(shown).id));
            }
        } else if (choice < 72) {
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                drafts.add(draft(page.id).setDeleteShape(DeleteShape.newBuilder().setShapeId(pick(shown).id)).build());
            }
        } else if (choice < 84) {
            int at = random.nextInt(shown.size() + 1);
            String before = at == 0 ? null : zOf(shown.get(at - 1));
            String after = at == shown.size() ? null : zOf(shown.get(at));
            String z = after != null && before != null && before.compareTo(after) >= 0
                    ? FractionalIndex.between(before, null) : FractionalIndex.between(before, after);
            drafts.add(draft(page.id).setReorder(Reorder.newBuilder().setShapeId(pick(shown).id).setZIndex(z)).build());
        } else if (choice < 90) {
            drafts.add(draft(page.id).setClearPage(ClearPage.getDefaultInstance()).build());
        } else if (choice < 94) {
            drafts.add(draft(page.id).setRemovePage(RemovePage.getDefaultInstance()).build());
        } else {
            // A write to a shape this replica shows as deleted: the room would refuse it, but the
            // merge must still keep it from bringing the shape back.
            List<Shape> hidden = page.shapes().values().stream()
                    .filter(shape -> shape.birth() != null && !shape.visible(page.cleared())).toList();
            drafts.add(update(page.id, hidden.isEmpty() ? pick(shown).id : pick(hidden).id));
        }
        return stamp(drafts);
    }

    private WhiteboardOp create(String pageId, String id, String z) {
        ShapeKind kind = KINDS[random.nextInt(KINDS.length)];
        CreateShape.Builder create = CreateShape.newBuilder().setShapeId(id).setKind(kind)
                .setProps(props(true).setZIndex(z));
        if (OpCheck.freehand(kind)) {
            for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
                create.addPoints(random.nextInt(81) - 40).addPoints(random.nextInt(81) - 40);
            }
        }
        return draft(pageId).setCreateShape(create).build();
    }

    private WhiteboardOp update(String pageId, String id) {
        ShapeProps.Builder props = props(false);
        if (props.getAllFields().isEmpty()) {
            props.setX(random.nextInt(2001) - 1000);
        }
        return draft(pageId).setUpdateProps(UpdateProps.newBuilder().setShapeId(id).setProps(props)).build();
    }

    /** Every field when creating; a random few when updating. */
    private ShapeProps.Builder props(boolean all) {
        ShapeProps.Builder p = ShapeProps.newBuilder();
        if (all || random.nextInt(3) == 0) {
            p.setX(random.nextInt(2001) - 1000).setY(random.nextInt(2001) - 1000);
        }
        if (all || random.nextInt(4) == 0) {
            p.setWidth(random.nextInt(801) - 400).setHeight(random.nextInt(801) - 400);
        }
        if (all || random.nextInt(6) == 0) {
            p.setRotation(random.nextInt(36000));
        }
        if (all || random.nextInt(3) == 0) {
            p.setStrokeColor(pick(COLORS));
        }
        if (all || random.nextInt(4) == 0) {
            p.setFillColor(random.nextBoolean() ? "" : pick(COLORS));
        }
        if (all || random.nextInt(5) == 0) {
            p.setStrokeWidth(1 + random.nextInt(60)).setOpacity(random.nextInt(101));
        }
        if (all || random.nextInt(4) == 0) {
            p.setText(pick(TEXTS)).setFontSize(80 + random.nextInt(400));
        }
        return p;
    }

    private List<Page> livePages() {
        List<Page> pages = new ArrayList<>(doc.pages().values().stream().filter(Page::live).toList());
        pages.sort(Comparator.comparing(RandomEdits::orderOf).thenComparing(page -> page.id));
        return pages;
    }

    private static List<Shape> shown(Page page) {
        List<Shape> shapes = new ArrayList<>(page.shapes().values().stream().filter(s -> s.visible(page.cleared())).toList());
        shapes.sort(Comparator.comparing(RandomEdits::zOf).thenComparing(shape -> shape.id));
        return shapes;
    }

    private static String orderOf(Page page) {
        return page.order() == null ? "" : page.order().value();
    }

    /** A valid key to place next to, even when a write gave the shape none. */
    private static String zOf(Shape shape) {
        String z = (String) shape.effective(PropFields.Z_INDEX);
        return z.isEmpty() ? "a0" : z;
    }

    private WhiteboardBatch stamp(List<WhiteboardOp> drafts) {
        WhiteboardBatch.Builder batch = WhiteboardBatch.newBuilder();
        drafts.forEach(draft -> batch.addOps(author.stamp(draft)));
        return batch.build();
    }

    private static WhiteboardOp.Builder draft(String pageId) {
        return WhiteboardOp.newBuilder().setPage(pageId);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String pick(String[] items) {
        return items[random.nextInt(items.length)];
    }
}
