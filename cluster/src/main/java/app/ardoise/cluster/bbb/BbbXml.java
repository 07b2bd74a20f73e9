package app.ardoise.cluster.bbb;

/**
 * An answer in BigBlueButton's XML: {@code <response>} with a {@code returncode} first, then elements in the order
 * added. Every text is escaped; element names are the API's own or checked meta names (BbbMeeting#metadata).
 */
final class BbbXml {
    private final StringBuilder xml = new StringBuilder("<response>");

    private BbbXml(String returnCode) {
        element("returncode", returnCode);
    }

    static BbbXml success() {
        return new BbbXml("SUCCESS");
    }

    /** A refusal: FAILED, with BigBlueButton's messageKey and a message for people. */
    static String failed(String messageKey, String message) {
        return new BbbXml("FAILED").message(messageKey, message).done();
    }

    BbbXml element(String name, Object value) {
        xml.append('<').append(name).append('>');
        escape(String.valueOf(value));
        xml.append("</").append(name).append('>');
        return this;
    }

    BbbXml message(String messageKey, String message) {
        return element("messageKey", messageKey).element("message", message);
    }

    BbbXml open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    BbbXml close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    String done() {
        return xml.append("</response>").toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                default -> {
                    // XML 1.0 has no way to carry other control characters: they are dropped.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        xml.append(c);
                    }
                }
            }
        }
    }
}
