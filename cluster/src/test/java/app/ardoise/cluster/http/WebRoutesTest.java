package app.ardoise.cluster.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.cluster.support.ProblemBody;
import app.ardoise.cluster.support.TestNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The browser client as a node serves it: the same index at /, /classes and /c/<id>, strict headers, cacheable assets. */
class WebRoutesTest {
    private final TestNode node = TestNode.shared();

    @Test
    void the_class_page_is_the_index_with_a_strict_policy_and_no_cache() {
        HttpResponse<String> landing = node.get("/");
        HttpResponse<String> classPage = node.get("/c/" + node.createRoom("web").getRoomId());
        HttpResponse<String> myClasses = node.get("/classes");
        for (HttpResponse<String> page : List.of(landing, classPage, myClasses)) {
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<div id=\"app\">"), page.body());
            assertEquals(WebRoutes.CSP, page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        }
        assertEquals(landing.body(), classPage.body());
        assertFalse(WebRoutes.CSP.contains("unsafe"), "no unsafe-inline nor unsafe-eval");
    }

    @Test
    void a_browser_asking_for_an_unknown_page_gets_the_client_with_a_404_to_say_so_in_its_language() {
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        HttpResponse<String> page = node.get("/no/such/page", "Accept", browser);
        assertEquals(404, page.statusCode());
        assertEquals(node.get("/").body(), page.body(), "the client, which renders page not found");
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertEquals(WebRoutes.CSP, page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("same-origin", page.headers().firstValue("Referrer-Policy").orElse(""));
        // A class page whose id no class could have is a page not found too; a class link is the client.
        assertEquals(404, node.get("/c/not*an*id", "Accept", browser).statusCode());
        assertEquals(200, node.get("/c/nosuch-class", "Accept", browser).statusCode());

        // The API and the WebSockets say it as a problem, whoever asks.
        for (HttpResponse<String> api : List.of(
                node.get("/api/v1/nosuch", "Accept", browser),
                node.get("/ws/nosuch", "Accept", browser))) {
            assertEquals(404, api.statusCode(), api.uri().toString());
            assertEquals("application/problem+json", api.headers().firstValue("Content-Type").orElse(""), api.uri().toString());
            assertEquals("not_found", ProblemBody.parse(api.body()).getError(), api.body());
            assertEquals("nosniff", api.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        // Whoever does not ask for HTML keeps a plain 404.
        for (HttpResponse<String> plain : List.of(
                node.get("/no/such/page"),
                node.get("/no/such/page", "Accept", "application/json"),
                node.get("/no/such/page", "Accept", "*/*"))) {
            assertEquals(404, plain.statusCode(), plain.uri().toString());
            assertFalse(plain.body().contains("<div id=\"app\">"), plain.uri() + ": " + plain.body());
            assertEquals("The requested resource could not be found.", plain.body());
            assertEquals("nosniff", plain.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        // Other methods on an unknown path are answered as before (405: the pages are GET only).
        assertEquals(405, node.post("/no/such/page", "{}", null).statusCode());
    }

    @Test
    void hashed_assets_are_immutable_compressed_for_who_accepts_it_and_unknown_ones_are_404() throws IOException {
        Matcher script = Pattern.compile("src=\"/assets/([^\"]+\\.js)\"").matcher(node.get("/").body());
        assertTrue(script.find(), "the index refers to its script");
        HttpResponse<String> asset = node.get("/assets/" + script.group(1));
        assertEquals(200, asset.statusCode());
        assertEquals("public, max-age=31536000, immutable", asset.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(asset.headers().firstValue("Content-Type").orElse("").startsWith("application/javascript"));
        assertEquals("nosniff", asset.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals(404, node.get("/assets/nosuch-0000.js").statusCode());

        // A browser that takes gzip gets the script compressed, the same script once inflated.
        HttpResponse<byte[]> gzip = node.getBytes("/assets/" + script.group(1), "Accept-Encoding", "gzip, deflate, br");
        assertEquals(200, gzip.statusCode());
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals("Accept-Encoding", gzip.headers().firstValue("Vary").orElse(""));
        assertTrue(gzip.body().length * 2 < asset.body().getBytes(StandardCharsets.UTF_8).length, "gzip at least halves the script");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertEquals(asset.body(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(asset.headers().firstValue("Content-Encoding").isEmpty(), "no Accept-Encoding, no compression");
        assertEquals(404, node.get("/assets/..%2Findex.html").statusCode());
    }
}
