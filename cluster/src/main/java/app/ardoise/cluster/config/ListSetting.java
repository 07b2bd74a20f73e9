package app.ardoise.cluster.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.List;

/** A list setting that may also be one comma-separated string, the only form an environment variable has. */
public final class ListSetting {
    private ListSetting() {}

    public static List<String> read(Config config, String path) {
        if (config.getValue(path).valueType() == ConfigValueType.STRING) {
            return Arrays.stream(config.getString(path).split(","))
                    .map(String::strip)
                    .filter(item -> !item.isEmpty())
                    .toList();
        }
        return config.getStringList(path);
    }
}
