package app.ardoise.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** environment.conf is where the node reads its environment; the README's table is where operators look. */
class EnvironmentDocumentedTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\?(ARDOISE_[A-Z0-9_]+)}");

    @Test
    void the_readme_names_every_variable_the_node_reads() throws IOException {
        String environment;
        try (InputStream in = getClass().getResourceAsStream("/environment.conf")) {
            environment = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> variables = VARIABLE.matcher(environment).results().map(match -> match.group(1)).toList();
        assertTrue(variables.size() > 30, "environment.conf lists the variables: " + variables);
        assertEquals(variables.size(), variables.stream().distinct().count(), "each variable sets one setting");
        // Surefire runs in the module's directory.
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> missing = variables.stream()
                .filter(variable -> !Pattern.compile("`" + variable + "`").matcher(readme).find())
                .toList();
        assertEquals(List.of(), missing, "variables missing from README.md's Configuration table");
    }
}
