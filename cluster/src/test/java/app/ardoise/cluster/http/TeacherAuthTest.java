package app.ardoise.cluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.junit.jupiter.api.Test;

/** The cookie's flags follow the public URL (SignInTest sees them over http:// only). */
class TeacherAuthTest {
    @Test
    void a_cookie_is_secure_behind_an_https_public_url() {
        assertEquals("ardoise_session=abc; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Lax",
                SetCookie.create(new TeacherAuth(null, "https://classe.example.fr").cookie("ardoise_session", "abc", "/", 60)).value());
        assertEquals("ardoise_session=abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax",
                SetCookie.create(new TeacherAuth(null, "http://localhost:8080").cookie("ardoise_session", "abc", "/", 60)).value());
    }

    @Test
    void the_origin_is_the_public_url_as_a_browser_writes_it() {
        assertEquals("https://classe.example.fr", TeacherAuth.origin(URI.create("https://Classe.Example.fr:443")));
        assertEquals("https://classe.example.fr:8443", TeacherAuth.origin(URI.create("https://classe.example.fr:8443/ardoise")));
        assertEquals("http://localhost:8080", TeacherAuth.origin(URI.create("http://localhost:8080")));
        assertEquals("http://[::1]:8080", TeacherAuth.origin(URI.create("http://[::1]:8080")));
    }
}
