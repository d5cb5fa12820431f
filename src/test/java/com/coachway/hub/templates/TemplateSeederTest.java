package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.coachway.hub.support.HubIntegrationTest;

/**
 * An existing database does not keep old seed wording: a template whose version in force came from a seed is
 * upgraded to the shipped file at start (a new version, the old one kept), and an admin's edit is never touched.
 */
class TemplateSeederTest extends HubIntegrationTest {

    @Autowired
    TemplateSeeder seeder;

    @Autowired
    TemplateStore store;

    @Test
    void anUneditedOldSeedIsUpgradedAndAnAdminsEditIsKept() {
        Template shipped = store.current("charter_cancelled").orElseThrow();
        TemplateDraft old = new TemplateDraft("charter_cancelled", "transactional", null, null,
                new TemplateContent.Email("Cancelled: {{ trip.date }}", "<p>{{ trip.date }}</p>", "{{ trip.date }}"),
                Map.of());
        store.write(old, "charter_cancelled", true, TemplateSeeder.SEED_PREFIX + "charter_cancelled.yml");
        Template shippedSplit = store.current("charter_split").orElseThrow();
        TemplateDraft edited = new TemplateDraft("charter_split", "transactional", null, null,
                new TemplateContent.Email("Split #{{ charter_id }}", "<p>Split</p>", "Split"), Map.of());
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
}
