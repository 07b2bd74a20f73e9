package app.ardoise.cluster;

import app.ardoise.cluster.bbb.BbbSettings;
import app.ardoise.cluster.config.ListSetting;
import app.ardoise.cluster.documents.DocumentSettings;
import app.ardoise.cluster.http.HttpSettings;
import app.ardoise.cluster.placement.PlacementSettings;
import app.ardoise.cluster.retention.RetentionSettings;
import app.ardoise.cluster.room.RoomSettings;
import app.ardoise.cluster.session.SessionSettings;
import app.ardoise.cluster.signin.SignInSettings;
import app.ardoise.media.MediaSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.function.Function;

/**
 * The settings a node's own code reads, read from its configuration once, before anything starts, and
 * handed down from there: a missing or malformed value stops the start with a message that names the
 * setting (environment.conf names the variable that sets it). Pekko, the journal and Cluster Bootstrap
 * read theirs from the configuration itself.
 */
record NodeSettings(
        HttpSettings http,
        SignInSettings signIn,
        SessionSettings session,
        RoomSettings room,
        MediaSettings media,
        PlacementSettings placement,
        WarmUp.Settings warmUp,
        BbbSettings bbb,
        DocumentSettings documents,
        RetentionSettings retention,
        LogFormat logFormat) {

    /** @throws IllegalArgumentException naming the first setting that is missing or invalid */
    static NodeSettings from(Config config) {
        return new NodeSettings(
                read(config, "ardoise.http", HttpSettings::from),
                read(config, "ardoise.sign-in", SignInSettings::from),
                read(config, "ardoise.session", SessionSettings::from),
                read(config, "ardoise.room", RoomSettings::from),
                read(config, "ardoise.media", MediaSettings::fromConfig),
                read(config, "ardoise.placement", all -> PlacementSettings.from(all.getConfig("ardoise.placement"))),
                read(config, "ardoise.warm-up", WarmUp.Settings::from),
                read(config, "ardoise.bbb", c -> BbbSettings.of(c.getString("ardoise.bbb.secret"),
                        ListSetting.read(c, "ardoise.bbb.checksum-algorithms"))),
                read(config, "ardoise.documents", DocumentSettings::from),
                read(config, "ardoise.retention", RetentionSettings::from),
                read(config, "ardoise.log", LogFormat::from));
    }

    /** Some readers name a setting by its path within its block only: the message names the block too. */
    private static <T> T read(Config config, String block, Function<Config, T> reader) {
        try {
            return reader.apply(config);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid setting in " + block + ": " + e.getMessage(), e);
        }
    }
}
