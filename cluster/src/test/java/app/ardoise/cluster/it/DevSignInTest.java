package app.ardoise.cluster.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.ArdoiseServer;
import app.ardoise.cluster.support.Browser;
import app.ardoise.cluster.support.TestNode;
import app.ardoise.persistence.testing.TestCassandra;
import app.ardoise.protocol.v1.SignedInTeacher;
import com.google.protobuf.util.JsonFormat;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ARDOISE_AUTH=dev, bin/ardoise-dev's sign-in without a provider: a name typed in a form, on a loopback
 * address only. Its sessions are the real ones, here with a short life, to see them expire.
 */
class DevSignInTest {
    private static final long IDLE_SECONDS = 5;
    private static final long ABSOLUTE_SECONDS = 10;
    private static final int SIGN_IN_BURST = 10;

    private static TestNode node;
    private static URI base;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestCassandra.freshKeyspace(), """
                # The rate test comes from an address of its own (X-Forwarded-For, believed from loopback).
                ardoise.http {
                  trusted-proxies = ["127.0.0.1"]
                  sign-ins-per-address-per-second = 0.1
                  sign-ins-per-address-burst = %d
                }
                ardoise.sign-in {
                  mode = dev
                  idle-timeout = %ds
                  absolute-timeout = %ds
                }
                """.formatted(SIGN_IN_BURST, IDLE_SECONDS, ABSOLUTE_SECONDS));
        base = node.http("");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void anyone_signs_in_as_any_name_and_the_page_says_it_is_for_development() {
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get(node.http("/auth/login"));
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("Mode développement") && form.body().contains("jamais en production"), form.body());

        HttpResponse<String> signedIn = browser.postForm(node.http("/auth/login"), Map.of("name", "Ada Lovelace"));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        SignedInTeacher me = me(browser);
        assertEquals("dev:Ada Lovelace", me.getSubject());
        assertEquals("Ada Lovelace", me.getName());

        HttpResponse<String> created = browser.post(node.http("/api/v1/rooms"), "application/json", "{\"title\":\"Essai\"}",
                "X-CSRF-Token", me.getCsrfToken());
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void no_other_site_signs_a_browser_in_and_a_name_is_needed() {
        Browser browser = new Browser();
        assertEquals(403, browser.postForm(node.http("/auth/login"), Map.of("name", "Eve"), "Origin", "https://evil.example")
                .statusCode());
        assertEquals(400, browser.postForm(node.http("/auth/login"), Map.of("name", "  ")).statusCode());
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());
    }

    @Test
    void signing_in_again_ends_the_previous_session() {
        Browser browser = new Browser();
        assertEquals(303, browser.postForm(node.http("/auth/login"), Map.of("name", "Ada")).statusCode());
        String previous = browser.cookie(base, "ardoise_session");
        assertEquals(303, browser.postForm(node.http("/auth/login"), Map.of("name", "Bob")).statusCode());
        assertEquals("Bob", me(browser).getName());
        Browser keeper = new Browser();
        keeper.setCookie(base, "ardoise_session", previous);
        assertEquals(401, keeper.get(node.http("/api/v1/me")).statusCode());
    }

    @Test
    void a_session_unused_for_its_idle_timeout_ends() throws InterruptedException {
        Browser browser = new Browser();
        assertEquals(303, browser.postForm(node.http("/auth/login"), Map.of("name", "Grace")).statusCode());
        String token = me(browser).getCsrfToken();
        Thread.sleep(IDLE_SECONDS * 1000 + 500);
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());
        assertEquals(401, browser.post(node.http("/api/v1/rooms"), "application/json", "{}", "X-CSRF-Token", token).statusCode());
    }

    @Test
    void a_session_in_use_lives_until_its_absolute_timeout() throws InterruptedException {
        Browser browser = new Browser();
        assertEquals(303, browser.postForm(node.http("/auth/login"), Map.of("name", "Hedy")).statusCode());
        long step = 3_500;
        Thread.sleep(step);
        me(browser); // past half its idle timeout: pushed back
        Thread.sleep(step);
        me(browser); // past the first idle expiry, alive
        Thread.sleep(ABSOLUTE_SECONDS * 1000 + 500 - 2 * step);
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode(), "past the absolute expiry, however used");
    }

    @Test
    void an_address_starts_so_many_sign_ins() {
        Browser browser = new Browser();
        String[] from = {"X-Forwarded-For", "192.0.2.99"};
        for (int i = 0; i < SIGN_IN_BURST; i++) {
            assertEquals(400, browser.postForm(node.http("/auth/login"), Map.of("name", ""), from).statusCode());
        }
        HttpResponse<String> refused = browser.postForm(node.http("/auth/login"), Map.of("name", "Mallory"), from);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(401, browser.get(node.http("/api/v1/me")).statusCode());
    }

    @Test
    void a_node_in_dev_mode_on_a_non_loopback_address_does_not_start() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ArdoiseServer.start(
                ConfigFactory.parseString("""
                        ardoise.http.host = "0.0.0.0"
                        ardoise.http.port = 0
                        ardoise.auth.api-key = "%s"
                        ardoise.auth.token-secret = "%s"
                        ardoise.sign-in.mode = dev
                        """.formatted(TestNode.API_KEY, TestNode.TOKEN_SECRET)).withFallback(ConfigFactory.load()).resolve()));
        assertTrue(refused.getMessage().contains("ARDOISE_AUTH=dev"), refused.getMessage());
    }

    private SignedInTeacher me(Browser browser) {
        HttpResponse<String> response = browser.get(URI.create(base + "/api/v1/me"));
        assertEquals(200, response.statusCode(), response.body());
        try {
            SignedInTeacher.Builder me = SignedInTeacher.newBuilder();
            JsonFormat.parser().merge(response.body(), me);
            return me.build();
        } catch (Exception e) {
            throw new AssertionError("bad JSON: " + response.body(), e);
        }
    }
}
