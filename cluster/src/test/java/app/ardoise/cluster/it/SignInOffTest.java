package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.TestNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A node without sign-in (ARDOISE_AUTH unset): a page asking who is signed in learns that sign-in is off from a
 * 200, not from a failed request, and none of sign-in's other routes exist.
 */
class SignInOffTest {
    private final TestNode node = TestNode.shared();

    @Test
    void me_says_sign_in_is_off_and_the_sign_in_routes_are_not_there() {
        HttpResponse<String> me = node.get("/api/v1/me");
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("{\"signIn\":\"off\"}", me.body());
        assertTrue(me.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), me.headers().toString());

        for (String path : new String[] {"/auth/login", "/auth/callback", "/api/v1/my/classes"}) {
            assertEquals(404, node.get(path).statusCode(), path);
        }
        assertEquals(405, node.post("/api/v1/me", "{}", null).statusCode(), "only read");
    }
}
