package app.ardoise.cluster.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Where a BigBlueButton join's 302 (or its URL) lands: the class, and in the fragment the token, the name and where "leave" goes. */
public record BbbLanding(String roomId, String token, String name, String leave) {

    public static BbbLanding of(HttpResponse<String> join) {
        assertEquals(302, join.statusCode(), join.body());
        return of(join.headers().firstValue("Location").orElseThrow());
    }

    public static BbbLanding of(String location) {
        URI uri = URI.create(location);
        assertTrue(uri.getPath().startsWith("/c/"), location);
        assertEquals(null, uri.getRawQuery(), "nothing but the fragment carries the token and the name: " + location);
        String[] parts = uri.getRawFragment().split("&");
        Map<String, String> extra = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            extra.put(pair[0], URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
        }
        return new BbbLanding(uri.getPath().substring(3), parts[0], extra.get("name"), extra.get("leave"));
    }
}
