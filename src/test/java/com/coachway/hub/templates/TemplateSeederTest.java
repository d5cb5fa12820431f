package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.HubIntegrationTest;

/**
 * An existing database does not keep old seed wording: a template whose version in force came from a seed is
 * upgraded to the shipped file at start (a new version, the old one kept), and an admin's edit is never touched.
 * Instances that start together seed each template once, and none of them fails.
 */
class TemplateSeederTest extends HubIntegrationTest {

    @Autowired
    TemplateSeeder seeder;

    @Autowired
    TemplateStore store;

    @Autowired
    TemplateProperties properties;

    @Test
    void anUneditedOldSeedIsUpgradedAndAnAdminsEditIsKept() {
        Template shipped = store.current("charter_cancelled").orElseThrow();
        TemplateDraft old = new TemplateDraft("charter_cancelled", "transactional", null, null,
                new TemplateContent.Email("Cancelled: {{ trip.date }}", "<p>{{ trip.date }}</p>", "{{ trip.date }}"),
                Map.of(), null);
        store.write(old, "charter_cancelled", true, TemplateSeeder.SEED_PREFIX + "charter_cancelled.yml");
        Template shippedSplit = store.current("charter_split").orElseThrow();
        TemplateDraft edited = new TemplateDraft("charter_split", "transactional", null, null,
                new TemplateContent.Email("Split #{{ charter_id }}", "<p>Split</p>", "Split"), Map.of(), null);
        store.write(edited, "charter_split", true, "admin");

        seeder.afterPropertiesSet(); // what every start does

        Template upgraded = store.current("charter_cancelled").orElseThrow();
        assertThat(upgraded.version()).isEqualTo(shipped.version() + 2);
        assertThat(upgraded.content()).isEqualTo(shipped.content());
        assertThat(upgraded.createdBy()).startsWith(TemplateSeeder.SEED_PREFIX);
        assertThat(store.versions("charter_cancelled")).hasSize(shipped.version() + 2);
        Template kept = store.current("charter_split").orElseThrow();
        assertThat(kept.version()).isEqualTo(shippedSplit.version() + 1);
        assertThat(kept.content().email().subject()).isEqualTo("Split #{{ charter_id }}");

        // and a start with nothing to upgrade writes nothing
        seeder.afterPropertiesSet();
        assertThat(store.current("charter_cancelled").orElseThrow().version()).isEqualTo(upgraded.version());
    }

    @Test
    void storedTemplatesThatRulesMadeSinceRefuseAreNamedAtStart() {
        // saved when templates could still call Java methods: each send of it now parks
        store.write(new TemplateDraft("old_shout", "transactional",
                new TemplateContent.Sms("HI {{ recipient.name.toUpperCase() }}"), null, null, Map.of(), null),
                "old_shout", false, "admin");
        // saved when an email could still carry a script, which every send now parks
        store.write(new TemplateDraft("old_script", "marketing", null, null, new TemplateContent.Email("Offers",
                "<p>Hi</p><script>track()</script>", "Hi"), Map.of(), null), "old_script", false, "admin");

        try {
            assertThat(seeder.outdated(seeder.read(properties.seedDir()))).containsExactlyInAnyOrder(
                    "old_shout v1, sms.text: calls toUpperCase(): a template reads its data and cannot call methods on "
                            + "it; use a filter instead, such as upper, lower, trim, date or default",
                    "old_script v1, email.html: must not hold <script>: mail clients remove it, and spam filters "
                            + "count it against the message");
        } finally {
            store.delete("old_shout"); // the other tests count the seeds in force
            store.delete("old_script");
        }
    }

    @Test
    void instancesStartingTogetherSeedEachTemplateOnce() throws Exception {
        List<String> seeds = store.list().stream().map(Template::name).toList();
        // as on a database no instance has seeded yet
        jdbc.sql("DELETE FROM template_versions").update();
        jdbc.sql("DELETE FROM templates").update();

        int instances = 4;
        ExecutorService starts = Executors.newFixedThreadPool(instances);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                outcomes.add(starts.submit(() -> {
                    go.await();
                    try {
                        seeder.afterPropertiesSet();
                        return "started";
                    } catch (RuntimeException e) {
                        return "failed: " + e.getMessage();
                    }
                }));
            }
            go.countDown();
            for (Future<String> outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo("started");
            }
        } finally {
            starts.shutdownNow();
        }

        assertThat(seeds).hasSizeGreaterThan(20);
        for (String name : seeds) {
            assertThat(store.versions(name)).as(name).hasSize(1);
            assertThat(store.current(name).orElseThrow().createdBy()).isEqualTo(
                    TemplateSeeder.SEED_PREFIX + name + ".yml");
        }
    }
}
