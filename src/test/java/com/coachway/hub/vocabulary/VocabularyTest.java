package com.coachway.hub.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The channels, categories and priorities are listed once, in this package. A second list written out anywhere else
 * in the main code (two of the names side by side in a literal, or the urgent check spelled out) fails this test and
 * names the line: add to the enum, or use its {@code NAMES} or {@code urgent}.
 */
class VocabularyTest {

    private static final Pattern SECOND_LIST = Pattern.compile(
            "\"(sms|whatsapp|email)\"\\s*,\\s*\"(sms|whatsapp|email)\""
                    + "|\"(transactional|marketing|reminders)\"\\s*,\\s*\"(transactional|marketing|reminders)\""
                    + "|\"(critical|high|normal|low)\"\\s*,\\s*\"(critical|high|normal|low)\""
                    + "|\"critical\"\\.equals\\([^)]*\\)\\s*\\|\\|\\s*\"high\"\\.equals");

    @Test
    void noFeatureWritesOutItsOwnListOfChannelsCategoriesOrPriorities() throws IOException {
        assertThat(secondLists(Path.of("src/main/java"))).isEmpty();
    }

    @Test
    void consentFollowsTheStricterOfTheSendersAndTheTemplatesCategory() {
        assertThat(Category.governing("transactional", "marketing")).isEqualTo("marketing");
        assertThat(Category.governing("marketing", "reminders")).isEqualTo("marketing");
        assertThat(Category.governing("transactional", "reminders")).isEqualTo("reminders");
        assertThat(Category.governing("reminders", null)).isEqualTo("reminders");
        assertThat(Category.governing("transactional", "transactional")).isEqualTo("transactional");
        assertThat(Category.governing(null, null)).isEqualTo("transactional");
    }

    @Test
    void theCheckFindsASecondList() throws IOException {
        Path tree = Files.createTempDirectory("vocabulary");
        Files.writeString(tree.resolve("Rates.java"), "class Rates { List<String> c = List.of(\"sms\", \"email\"); }");
        Files.writeString(tree.resolve("Lanes.java"),
                "class Lanes {\n boolean u = \"critical\".equals(p) || \"high\".equals(p);\n}");

        assertThat(secondLists(tree)).hasSize(2).anyMatch(line -> line.contains("Rates.java:1"))
                .anyMatch(line -> line.contains("Lanes.java:2"));
    }

    @Test
    void theWireNamesAreTheContractsAndUrgentMeansCriticalOrHigh() {
        assertThat(Channel.NAMES).containsExactly("sms", "whatsapp", "email");
        assertThat(Category.NAMES).containsExactly("transactional", "marketing", "reminders");
        assertThat(Category.OPTIONAL).containsExactly("marketing", "reminders");
        assertThat(Priority.NAMES).containsExactly("critical", "high", "normal", "low");
        assertThat(Priority.urgent("critical")).isTrue();
        assertThat(Priority.urgent("high")).isTrue();
        assertThat(Priority.urgent("normal")).isFalse();
        assertThat(Priority.urgent(null)).isFalse();
    }

    private static List<String> secondLists(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        Path own = Path.of("src/main/java/com/coachway/hub/vocabulary");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(own)).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (SECOND_LIST.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        return found;
    }
}
