package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.cluster.support.TestProvider;
import app.ardoise.persistence.FreePorts;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.SignedInTeacher;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Teachers' sign-in against a real OpenID provider (TestProvider), driven as a browser would: the node's
 * redirect, the provider's login form, the callback, then the session cookie and its CSRF token. Every bad
 * input is refused with a clear error and changes nothing.
 */
class SignInTest {
    private static final String CLIENT_ID = "ardoise";
    private static final String OTHER_CLIENT_ID = "other-school-app";
    private static final String SECRET = "ardoise-client-secret-0123";
    private static final String JSON = "application/json";

    private static TestNode node;
    private static URI base;

    @BeforeAll
    static void start() {
        TestProvider provider = TestProvider.shared();
        // The redirect URI is registered at the provider before the node starts: its port is chosen here.
        int port = FreePorts.pick(1)[0];
        base = URI.create("http://127.0.0.1:" + port);
        provider.register(CLIENT_ID, SECRET, base + "/auth/callback");
        provider.register(OTHER_CLIENT_ID, SECRET, base + "/auth/callback");
        node = TestNode.start(TestCassandra.freshKeyspace(), config(port));
    }

    /** A node listening on this port, behind the one public URL of the test's cluster, {@link #base}. */
    private static String config(int port) {
        return """
                ardoise.http.port = %d
                ardoise.http.public-url = "%s"
                ardoise.sign-in {
                  mode = oidc
                  issuer = "%s"
                  client-id = "%s"
                  client-secret = "%s"
                }
                """.formatted(port, base, TestProvider.shared().issuer(), CLIENT_ID, SECRET);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_teacher_signs_in_creates_a_class_and_signs_out() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(node.http("/auth/login"));
        assertEquals(302, login.statusCode(), login.body());
        URI toProvider = Browser.location(login);
        assertTrue(toProvider.toString().startsWith(TestProvider.shared().issuer() + "/oauth2/authorize?"), toProvider.toString());
        for (String parameter : new String[] {"response_type=code", "client_id=" + CLIENT_ID, "code_challenge_method=S256",
                "code_challenge=", "nonce=", "state=", "scope=openid"}) {
            assertTrue(toProvider.getRawQuery().contains(parameter), parameter + " in " + toProvider);
        }
        String stateCookie = setCookie(login, "ardoise_sign_in");
        assertTrue(stateCookie.contains("HttpOnly") && stateCookie.contains("SameSite=Lax") && stateCookie.contains("Path=/auth"),
                stateCookie);

        HttpResponse<String> back = browser.signInAtProvider(login, base, TestProvider.USER, TestProvider.PASSWORD);
        URI callback = Browser.location(back);
        assertTrue(callback.toString().startsWith(base + "/auth/callback?"), callback.toString());
        HttpResponse<String> signedIn = browser.get(callback);
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals("/", signedIn.headers().firstValue("Location").orElseThrow());
        String sessionCookie = setCookie(signedIn, "ardoise_session");
        assertTrue(sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Lax") && sessionCookie.contains("Path=/"),
                sessionCookie);
        assertFalse(sessionCookie.contains("Secure"), "an http:// public URL: " + sessionCookie);

        SignedInTeacher me = me(browser);
        assertEquals(TestProvider.USER, me.getSubject());
        assertEquals(TestProvider.NAME, me.getName());
        assertEquals(TestProvider.EMAIL, me.getEmail());
        assertFalse(me.getCsrfToken().isEmpty());

        HttpResponse<String> created = browser.post(node.http("/api/v1/rooms"), JSON, "{\"title\":\"Physique 3A\"}",
                "X-CSRF-Token", me.getCsrfToken(), "Origin", base.toString());
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"title\":\"Physique 3A\""), created.body());

        String session = browser.cookie(base, "ardoise_session");
        HttpResponse<String> logout = browser.post(node.http("/auth/logout"), JSON, "",
                "X-CSRF-Token", me.getCsrfToken(), "Origin", base.toString());
        assertEquals(204, logout.statusCode(), logout.body());
        assertTrue(setCookie(logout, "ardoise_session").contains("Max-Age=0"), "the cookie is removed");
        assertNull(browser.cookie(base, "ardoise_session"));

        // The old cookie, kept by someone, no longer works: the session ended on the server.
        Browser keeper = new Browser();
        keeper.setCookie(base, "ardoise_session", session);
        assertEquals(401, keeper.get(node.http("/api/v1/me")).statusCode());
        HttpResponse<String> afterLogout = keeper.post(node.http("/api/v1/rooms"), JSON, "{\"title\":\"x\"}",
                "X-CSRF-Token", me.getCsrfToken());
        assertEquals(401, afterLogout.statusCode(), afterLogout.body());
    }

    /**
     * Behind a load balancer, each request may reach another node: a sign-in started on one finishes on another,
     * and the session it opens works, and ends, on both. Here a second node on the same keyspace.
     */
    @Test
    void a_sign_in_and_its_session_work_on_every_node() {
        int port = FreePorts.pick(1)[0];
        URI second = URI.create("http://127.0.0.1:" + port);
        try (TestNode other = TestNode.start(node.keyspace(), config(port))) {
            Browser browser = new Browser();
            HttpResponse<String> login = browser.get(node.http("/auth/login"));
            URI callback = Browser.location(browser.signInAtProvider(login, base, TestProvider.USER, TestProvider.PASSWORD));
            browser.setCookie(second, "ardoise_sign_in", browser.cookie(base, "ardoise_sign_in"));
            HttpResponse<String> signedIn = browser.get(second.resolve(callback.getRawPath() + "?" + callback.getRawQuery()));
            assertEquals(303, signedIn.statusCode(), signedIn.body());

            browser.setCookie(base, "ardoise_session", browser.cookie(second, "ardoise_session"));
            String token = me(browser).getCsrfToken();
            HttpResponse<String> logout = browser.post(second.resolve("/auth/logout"), JSON, "",
                    "X-CSRF-Token", token, "Origin", base.toString());
            assertEquals(204, logout.statusCode(), logout.body());
            assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode(), "ended on the first node too");
        }
    }

    @Test
    void the_api_key_still_creates_classes_with_sign_in_on() {
        assertEquals("Chimie", node.createRoom("Chimie").getTitle());
        assertEquals(401, node.post("/api/v1/rooms", "{\"title\":\"x\"}", null).statusCode());
    }

    @Test
    void a_forged_cookie_signs_nobody_in() {
        Browser forger = new Browser();
        forger.setCookie(base, "ardoise_session", "forged-session-id-0123456789abcdefghijklmnopq");
        HttpResponse<String> me = forger.get(node.http("/api/v1/me"));
        assertEquals(401, me.statusCode());
        assertTrue(me.body().contains("not_signed_in"), me.body());
        assertEquals(401, forger.post(node.http("/api/v1/rooms"), JSON, "{}", "X-CSRF-Token", "guess").statusCode());
        assertEquals(401, new Browser().get(node.http("/api/v1/me")).statusCode(), "no cookie at all");
    }

    @Test
    void a_change_needs_the_session_s_csrf_token_and_the_public_origin() {
        Browser browser = signedIn();
        Browser other = signedIn();
        String token = me(browser).getCsrfToken();
        String othersToken = me(other).getCsrfToken();
        assertFalse(token.equals(othersToken), "a token per session");

        HttpResponse<String> missing = browser.post(node.http("/api/v1/rooms"), JSON, "{}");
        assertEquals(403, missing.statusCode());
        assertTrue(missing.body().contains("\"error\":\"csrf\""), missing.body());
        assertEquals(403, browser.post(node.http("/api/v1/rooms"), JSON, "{}", "X-CSRF-Token", othersToken).statusCode());
        assertEquals(403, browser.post(node.http("/api/v1/rooms"), JSON, "{}", "X-CSRF-Token", token + "x").statusCode());
        HttpResponse<String> crossOrigin = browser.post(node.http("/api/v1/rooms"), JSON, "{}",
                "X-CSRF-Token", token, "Origin", "https://evil.example");
        assertEquals(403, crossOrigin.statusCode());
        assertTrue(crossOrigin.body().contains("cross_origin"), crossOrigin.body());

        assertEquals(403, browser.post(node.http("/auth/logout"), JSON, "").statusCode());
        assertEquals(403, browser.post(node.http("/auth/logout"), JSON, "", "X-CSRF-Token", token,
                "Origin", "https://evil.example").statusCode());
        assertEquals(200, browser.get(node.http("/api/v1/me")).statusCode(), "still signed in");
    }

    @Test
    void a_tampered_state_is_refused_and_the_sign_in_can_go_on() {
        Browser browser = new Browser();
        HttpResponse<String> back = browser.signInAtProvider(browser.get(node.http("/auth/login")), base,
                TestProvider.USER, TestProvider.PASSWORD);
        URI callback = Browser.location(back);
        URI tampered = URI.create(callback.toString().replace("state=", "state=x"));
        HttpResponse<String> refused = browser.get(tampered);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("sign_in_state"), refused.body());
        assertNull(browser.cookie(base, "ardoise_session"));
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());

        assertEquals(303, browser.get(callback).statusCode(), "the genuine callback still signs in");
        assertEquals(200, browser.get(node.http("/api/v1/me")).statusCode());
    }

    @Test
    void a_replayed_callback_signs_nobody_in() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(node.http("/auth/login"));
        String state = browser.cookie(base, "ardoise_sign_in");
        URI callback = Browser.location(browser.signInAtProvider(login, base, TestProvider.USER, TestProvider.PASSWORD));
        assertEquals(303, browser.get(callback).statusCode());

        // Even with the state cookie too (someone who copied it): the sign-in was used up.
        Browser replayer = new Browser();
        replayer.setCookie(base, "ardoise_sign_in", state);
        HttpResponse<String> replayed = replayer.get(callback);
        assertEquals(400, replayed.statusCode());
        assertTrue(replayed.body().contains("already used"), replayed.body());
        assertNull(replayer.cookie(base, "ardoise_session"));
    }

    @Test
    void a_code_issued_to_another_client_signs_nobody_in() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(node.http("/auth/login"));
        // The authorization request rewritten for another application registered at the same provider.
        URI forOther = URI.create(Browser.location(login).toString().replace("client_id=" + CLIENT_ID, "client_id=" + OTHER_CLIENT_ID));
        HttpResponse<String> toOther = browser.get(forOther);
        URI callback = Browser.location(browser.signInAtProvider(toOther, base, TestProvider.USER, TestProvider.PASSWORD));
        assertTrue(callback.toString().startsWith(base + "/auth/callback?"), callback.toString());
        HttpResponse<String> refused = browser.get(callback);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("invalid_grant"), refused.body());
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());
    }

    @Test
    void an_id_token_for_another_audience_signs_nobody_in() {
        Browser browser = new Browser();
        URI callback = Browser.location(browser.signInAtProvider(browser.get(node.http("/auth/login")), base,
                TestProvider.MISDIRECTED_USER, TestProvider.PASSWORD));
        HttpResponse<String> refused = browser.get(callback);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("the ID token is not valid") && refused.body().contains("audience"), refused.body());
        assertNull(browser.cookie(base, "ardoise_session"));
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());
    }

    /** The authorization request rewritten on its way (by the browser, or whoever controls it): the node sees it. */
    @Test
    void a_tampered_nonce_or_code_challenge_signs_nobody_in() {
        assertRefusedAfterRewrite("nonce=", "nonce=tampered", "Unexpected JWT nonce");
        assertRefusedAfterRewrite("code_challenge=", "code_challenge=AAAA", "invalid_grant");
    }

    private static void assertRefusedAfterRewrite(String parameter, String replacement, String expected) {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get(node.http("/auth/login"));
        String query = Browser.location(login).toString();
        int at = query.indexOf(parameter);
        int end = query.indexOf('&', at) < 0 ? query.length() : query.indexOf('&', at);
        HttpResponse<String> rewritten = browser.get(URI.create(query.substring(0, at) + replacement + query.substring(end)));
        URI callback = Browser.location(browser.signInAtProvider(rewritten, base, TestProvider.USER, TestProvider.PASSWORD));
        HttpResponse<String> refused = browser.get(callback);
        assertEquals(400, refused.statusCode(), parameter + ": " + refused.body());
        assertTrue(refused.body().contains(expected), refused.body());
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());
    }

    @Test
    void a_refusal_by_the_provider_is_said() {
        HttpResponse<String> refused = new Browser().get(node.http("/auth/callback?error=access_denied&state=abc"));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("access_denied"), refused.body());
    }

    private static Browser signedIn() {
        Browser browser = new Browser();
        HttpResponse<String> back = browser.signInAtProvider(browser.get(node.http("/auth/login")), base,
                TestProvider.USER, TestProvider.PASSWORD);
        assertEquals(303, browser.get(Browser.location(back)).statusCode());
        assertNotNull(browser.cookie(base, "ardoise_session"));
        return browser;
    }

    static SignedInTeacher me(Browser browser) {
        HttpResponse<String> response = browser.get(node.http("/api/v1/me"));
        assertEquals(200, response.statusCode(), response.body());
        try {
            SignedInTeacher.Builder me = SignedInTeacher.newBuilder();
            JsonFormat.parser().merge(response.body(), me);
            return me.build();
        } catch (Exception e) {
            throw new AssertionError("bad JSON: " + response.body(), e);
        }
    }

    private static String setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
    }
}
