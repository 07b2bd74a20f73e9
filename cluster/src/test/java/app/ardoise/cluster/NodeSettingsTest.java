package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.ardoise.persistence.CassandraSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings a node starts with, as its environment sets them. */
class NodeSettingsTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "ARDOISE_API_KEY", "an-api-key",
            "ARDOISE_TOKEN_SECRET", "a-token-secret-of-some-length");

    private static Config config(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.putAll(more);
        return NodeEnvironment.load(env);
    }

    private static NodeSettings settings(Map<String, String> more) {
        return NodeSettings.from(config(more));
    }

    @Test
    void without_a_public_url_links_point_at_the_listener() {
        NodeSettings settings = settings(Map.of("ARDOISE_HTTP_PORT", "18080"));
        assertEquals(18080, settings.http().port());
        assertEquals("http://localhost:18080", settings.http().publicUrl(), "the default host is loopback");
        assertEquals("http://localhost:9000", settings(Map.of("ARDOISE_HTTP_HOST", "0.0.0.0", "ARDOISE_HTTP_PORT", "9000"))
                .http().publicUrl(), "a wildcard listener has no one address to link to");
        assertEquals("http://10.0.0.7:8080", settings(Map.of("ARDOISE_HTTP_HOST", "10.0.0.7")).http().publicUrl());
        assertEquals("http://[2001:db8::7]:8080", settings(Map.of("ARDOISE_HTTP_HOST", "2001:db8::7")).http().publicUrl());
    }

    @Test
    void a_public_url_that_is_set_wins() {
        NodeSettings settings = settings(Map.of("ARDOISE_HTTP_PORT", "18080", "ARDOISE_PUBLIC_URL", "https://classes.example.org/"));
        assertEquals("https://classes.example.org", settings.http().publicUrl());
    }

    @Test
    void the_sfu_pool_follows_its_variable_over_the_single_target() throws Exception {
        NodeSettings settings = settings(Map.of(
                "ARDOISE_SFU_TARGET", "sfu.local:50051",
                "ARDOISE_SFU_TARGETS", "sfu-a.local:50051,sfu-b.local:50051"));
        assertEquals(java.util.List.of("sfu-a.local:50051", "sfu-b.local:50051"), settings.media().sfuTargets());
    }

    @Test
    void every_kind_of_setting_follows_its_variable() throws Exception {
        NodeSettings settings = settings(Map.of(
                "ARDOISE_LINK_TTL", "7d",
                "ARDOISE_ABSENT_AFTER", "2h",
                "ARDOISE_GROUP_COMMIT_WINDOW", "250ms",
                "ARDOISE_WARM_UP_CONNECTIONS", "0",
                "ARDOISE_MEDIA_ENABLED", "off",
                "ARDOISE_SFU_TARGET", "sfu.local:50051",
                "ARDOISE_TURN_URLS", "turns:sfu.example.org:443?transport=tcp,turn:sfu.example.org:3478",
                "ARDOISE_TURN_SECRET", "turn-secret-0123456789",
                "ARDOISE_TURN_TTL", "4h",
                "ARDOISE_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1"));
        assertEquals(Duration.ofDays(7), settings.http().linkTtl());
        assertEquals(Duration.ofHours(2), settings.room().absentAfter());
        assertEquals(Duration.ofMillis(250), settings.room().groupCommitWindow());
        assertEquals(0, settings.warmUp().connections());
        assertFalse(settings.media().enabled());
        assertEquals("sfu.local:50051", settings.media().sfuTarget());
        assertEquals(List.of("turns:sfu.example.org:443?transport=tcp", "turn:sfu.example.org:3478"),
                settings.media().turn().urls());
        assertEquals("turn-secret-0123456789", settings.media().turn().secret());
        assertEquals(Duration.ofHours(4), settings.media().turn().ttl());
        assertTrue(settings.http().admission().trustedProxies().isTrusted(InetAddress.getByName("10.1.2.3")));
    }

    @Test
    void the_cassandra_variables_reach_the_journal_and_the_driver() {
        Config config = config(Map.of(
                "ARDOISE_CASSANDRA_KEYSPACE", "school",
                "ARDOISE_CASSANDRA_CONTACT_POINTS", "10.0.0.1:9042,10.0.0.2:9042"));
        config = CassandraSettings.contactPointsOverlay(config).withFallback(config);
        assertEquals("school", config.getString("pekko.persistence.cassandra.journal.keyspace"));
        assertEquals("school", config.getString("pekko.persistence.cassandra.snapshot.keyspace"));
        assertEquals(List.of("10.0.0.1:9042", "10.0.0.2:9042"), config.getStringList("datastax-java-driver.basic.contact-points"));
    }

    @Test
    void seed_nodes_become_pekko_addresses() {
        Config config = config(Map.of("ARDOISE_SEED_NODES", "10.0.0.1:25520, 10.0.0.2:25520"));
        assertEquals(List.of("pekko://ardoise@10.0.0.1:25520", "pekko://ardoise@10.0.0.2:25520"),
                ClusterSeeds.overlay(config, ArdoiseServer.SYSTEM_NAME).getStringList("pekko.cluster.seed-nodes"));
        assertTrue(ClusterSeeds.overlay(config(Map.of()), ArdoiseServer.SYSTEM_NAME).isEmpty());
    }

    @Test
    void the_remoting_and_management_addresses_follow_their_variables() {
        Config config = config(Map.of("ARDOISE_REMOTE_PORT", "25600", "ARDOISE_MANAGEMENT_PORT", "7700",
                "ARDOISE_BOOTSTRAP", "kubernetes"));
        assertEquals(25600, config.getInt("pekko.remote.artery.canonical.port"));
        assertEquals(7700, config.getInt("pekko.management.http.port"));
        assertEquals(BootstrapMode.KUBERNETES, BootstrapMode.from(config));
    }

    @Test
    void an_invalid_value_stops_the_start_naming_the_setting() {
        assertMessage(Map.of("ARDOISE_HTTP_PORT", "eighty"), "ardoise.http.port");
        assertMessage(Map.of("ARDOISE_HTTP_PORT", "80800"), "ARDOISE_HTTP_PORT");
        assertMessage(Map.of("ARDOISE_PUBLIC_URL", "classes.example.org"), "ARDOISE_PUBLIC_URL");
        assertMessage(Map.of("ARDOISE_LINK_TTL", "a month"), "ardoise.auth.link-ttl");
        assertMessage(Map.of("ARDOISE_API_KEY", ""), "ARDOISE_API_KEY");
        assertMessage(Map.of("ARDOISE_TOKEN_SECRET", "short"), "ARDOISE_TOKEN_SECRET");
        assertMessage(Map.of("ARDOISE_ABSENT_AFTER", "soon"), "ardoise.room");
        assertMessage(Map.of("ARDOISE_MEDIA_ENABLED", "perhaps"), "ardoise.media");
        assertMessage(Map.of("ARDOISE_TURN_URLS", "turn:sfu.example.org:3478"), "ARDOISE_TURN_SECRET");
        assertMessage(Map.of("ARDOISE_WARM_UP_CONNECTIONS", "many"), "ardoise.warm-up.connections");
        // logback.xml would log nothing at all through an appender of that name.
        assertMessage(Map.of("ARDOISE_LOG_FORMAT", "yaml"), "ARDOISE_LOG_FORMAT");
        var noChat = assertThrows(IllegalArgumentException.class, () -> NodeSettings.from(
                ConfigFactory.parseString("ardoise.session.chat-per-second = 0").withFallback(config(Map.of()))));
        assertTrue(noChat.getMessage().contains("ardoise.session"), noChat.getMessage());
    }

    @Test
    void logs_are_text_unless_json_is_asked_for() {
        assertEquals(LogFormat.TEXT, settings(Map.of()).logFormat());
        assertEquals(LogFormat.JSON, settings(Map.of("ARDOISE_LOG_FORMAT", "json")).logFormat());
    }

    private static void assertMessage(Map<String, String> env, String named) {
        var error = assertThrows(IllegalArgumentException.class, () -> settings(env));
        assertTrue(error.getMessage().contains(named), error.getMessage());
    }
}
