package app.ardoise.cluster.support;

import app.ardoise.protocol.v1.ReplayPage;
import app.ardoise.protocol.v1.RoomEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Every chat message a class's journal holds, oldest first, read page by page through its replay API with a
 * teacher's link. A Welcome carries only the last {@code ardoise.room.chat-kept} messages, so a test whose class
 * chats for long must ask the journal whether an acknowledged message was kept.
 */
public final class JournalChat {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private JournalChat() {
    }

    /** {@code replay}: the node's {@code /api/v1/rooms/{id}/replay}. */
    public static List<String> texts(URI replay, String teacherToken) throws IOException, InterruptedException {
        List<String> texts = new ArrayList<>();
        long after = 0;
        do {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(replay + "?after=" + after))
                    .header("Authorization", "Bearer " + teacherToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("the replay answered " + response.statusCode() + ": " + new String(response.body()));
            }
            ReplayPage page = ReplayPage.parseFrom(response.body());
            for (RoomEvent event : page.getEventsList()) {
                if (event.hasChat() && !event.getChat().getDeleted()) {
                    texts.add(event.getChat().getText());
                }
            }
            after = page.getNextAfter();
        } while (after != 0);
        return texts;
    }
}
