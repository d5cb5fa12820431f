package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Settings are read one way: a {@code @ConfigurationProperties} record per prefix. Routes read what the records
 * computed ({@code {{route.…}}}) or a key config/application.yml gives, never with a default of their own that could
 * differ from the record's; no bean reads a key with {@code @Value}.
 */
class ConfigurationShapeTest {

    // {{name:default}}: a placeholder that carries its own default
    private static final Pattern DEFAULTED = Pattern.compile("\\{\\{[^{}:]+:[^{}]*}}");

    @Test
    void noRoutePlaceholderCarriesADefault() throws IOException {
        assertThat(offenders(Path.of("routes"), ".camel.yaml", DEFAULTED)).isEmpty();
    }

    @Test
    void noBeanReadsAKeyWithValue() throws IOException {
        assertThat(offenders(Path.of("src/main/java"), ".java", Pattern.compile("@Value\\("))).isEmpty();
    }

    @Test
    void theChecksSeeWhatTheyLookFor() {
        assertThat(DEFAULTED.matcher("delay={{hub.tracking.apply-interval-ms:250}}").find()).isTrue();
        assertThat(DEFAULTED.matcher("delay={{route.tracking.apply-interval-ms}}&q={{queue}}").find()).isFalse();
    }

    private static List<String> offenders(Path root, String suffix, Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher matcher = pattern.matcher(lines.get(i));
                    if (matcher.find()) {
                        found.add(file + ":" + (i + 1) + " " + matcher.group());
                    }
                }
            }
        }
        return found;
    }
}
