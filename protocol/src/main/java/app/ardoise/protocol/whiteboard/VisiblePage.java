package app.ardoise.protocol.whiteboard;

import java.util.List;

/** A page as users see it: its id and title, and its shown shapes in paint order. */
public record VisiblePage(String pageId, String title, List<VisibleShape> shapes) {
    public VisiblePage {
        shapes = List.copyOf(shapes);
    }
}
