package app.ardoise.cluster.ws;

/**
 * Where a one-way stream of frame events stands after the last event passed on: inside a frame, inside a
 * fragmented data message. A close frame may only go out between frames, and a stream that is cut inside a
 * data message must not look like a complete message downstream.
 */
final class FramePosition<F> {
    private final WireFrames<F> frames;
    private boolean insideFrame;
    private boolean inDataFrame;
    private boolean insideMessage;

    FramePosition(WireFrames<F> frames) {
        this.frames = frames;
    }

    void passed(F event) {
        WireFrames.Header header = frames.header(event);
        if (header != null) {
            inDataFrame = header.isData();
            if (inDataFrame) {
                insideMessage = !header.fin();
            }
        }
        insideFrame = !frames.endsFrame(event);
    }

    boolean insideFrame() {
        return insideFrame;
    }

    boolean insideMessage() {
        return insideMessage || (insideFrame && inDataFrame);
    }
}
