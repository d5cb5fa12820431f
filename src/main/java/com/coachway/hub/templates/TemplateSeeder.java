package com.coachway.hub.templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Loads {@code config/templates/*.yml} into the database. A new name is seeded; a template whose version in force
 * came from a seed and differs from the shipped file is upgraded to it (a new version), so an existing database
 * does not keep old wording; a template an admin has changed (or deleted) is never overwritten by its seed. Runs
 * while the application context starts, before any consumer can ask for a template, one instance at a time (instances
 * of a cluster may start together). A broken seed file stops start-up.
 */
@Component
class TemplateSeeder implements InitializingBean {

    /** {@code created_by} of a version written from a seed file: nobody edited it. */
    static final String SEED_PREFIX = "seed:";
    private static final Logger log = LoggerFactory.getLogger(TemplateSeeder.class);

    private final TemplateProperties properties;
    private final TemplateStore store;
    private final TemplateValidator validator;
    private final ObjectMapper yaml;

    TemplateSeeder(TemplateProperties properties, TemplateStore store, TemplateValidator validator,
            ObjectMapper json) {
        this.properties = properties;
        this.store = store;
        this.validator = validator;
        this.yaml = json.copyWith(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public void afterPropertiesSet() {
        Path dir = properties.seedDir();
        if (!Files.isDirectory(dir)) {
            log.warn("No template seed directory at {}; no templates seeded", dir.toAbsolutePath());
            return;
        }
        List<SeedFile> seeds = read(dir);
        List<String> seeded = new ArrayList<>();
        List<String> upgraded = new ArrayList<>();
        store.seeding(() -> seed(seeds, seeded, upgraded));
        if (!seeded.isEmpty()) {
            log.info("Seeded {} template(s) from {}: {}", seeded.size(), dir, seeded);
        }
        if (!upgraded.isEmpty()) {
            log.info("Upgraded {} unedited seed template(s) to the shipped version: {}", upgraded.size(), upgraded);
        }
        outdated(seeds)
                .forEach(problem -> log.warn("Template saved before a rule it breaks; its sends park until it is "
                        + "fixed (PUT /api/v1/templates/{name}): {}", problem));
    }

    /**
     * Each problem of an admin's template in force under the rules of today: one saved before a rule was made (no
     * method calls, date patterns) was accepted then, and only a send would find it. A template that is word for word
     * one of {@code shipped} is skipped: {@link #read} has just checked it.
     */
    List<String> outdated(List<SeedFile> shipped) {
        Map<String, TemplateContent> checked = new HashMap<>();
        shipped.forEach(seed -> checked.put(seed.draft().name(), seed.draft().content()));
        List<String> problems = new ArrayList<>();
        for (Template template : store.list()) {
            TemplateContent content = template.content();
            if (content.equals(checked.get(template.name()))) {
                continue;
            }
            TemplateDraft draft = new TemplateDraft(template.name(), template.category(), content.sms(),
                    content.whatsapp(), content.email(), content.variants(), content.language());
            for (FieldError error : validator.problems(draft, false)) {
                problems.add(template.name() + " v" + template.version() + ", " + error.field() + ": "
                        + error.message());
            }
        }
        return problems;
    }

    private void seed(List<SeedFile> seeds, List<String> seeded, List<String> upgraded) {
        for (SeedFile seed : seeds) {
            String name = seed.draft().name();
            String by = SEED_PREFIX + seed.file().getFileName();
            if (store.deleted(name).isEmpty()) {
                store.write(seed.draft(), name, false, by);
                seeded.add(name);
                continue;
            }
            Template current = store.current(name).orElse(null);
            if (current != null && current.createdBy() != null && current.createdBy().startsWith(SEED_PREFIX)
                    && (!current.content().equals(seed.draft().content())
                            || !current.category().equals(seed.draft().category()))
                    && store.write(seed.draft(), name, true, by) != null) {
                upgraded.add(name + " v" + current.version() + " -> v" + (current.version() + 1));
            }
        }
    }

    /** Every seed file of a directory, parsed and validated; the sample data stays in the file (tests use it). */
    List<SeedFile> read(Path dir) {
        List<SeedFile> seeds = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try {
                    ObjectNode tree = (ObjectNode) yaml.readTree(file.toFile());
                    ObjectNode sample = (ObjectNode) tree.remove("sample_data");
                    String fileName = file.getFileName().toString();
                    if (!tree.has("name")) {
                        tree.put("name", fileName.substring(0, fileName.length() - ".yml".length()));
                    }
                    TemplateDraft draft = yaml.treeToValue(tree, TemplateDraft.class);
                    List<FieldError> errors = validator.problems(draft, true);
                    if (!errors.isEmpty()) {
                        problems.add(file + ": " + errors);
                    } else {
                        seeds.add(new SeedFile(file, draft, sample));
                    }
                } catch (IOException | ClassCastException e) {
                    problems.add(file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the template seed directory " + dir, e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Broken template seed file(s):\n  " + String.join("\n  ", problems));
        }
        return seeds;
    }

    /**
     * @param file where it came from
     * @param draft the template
     * @param sampleData realistic data the template renders with (for tests and documentation), or null
     */
    record SeedFile(Path file, TemplateDraft draft, ObjectNode sampleData) {
    }
}
