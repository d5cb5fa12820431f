package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.coachway.hub.vocabulary.Mailboxes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/** The seed templates are complete, valid, and render with realistic data on every channel they have. */
class SeedTemplatesTest {

    private static final Path SEEDS = Path.of("config/templates");
    private final TemplateRenderer renderer = new TemplateRenderer(ZoneId.of("America/New_York"));
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private List<TemplateSeeder.SeedFile> seeds() {
        TemplateSeeder seeder = new TemplateSeeder(new TemplateProperties(SEEDS), null,
                new TemplateValidator(renderer), json);
        return seeder.read(SEEDS);
    }

    @Test
    void everyTemplateTheRoutingTableNamesIsSeeded() throws Exception {
        Set<String> seeded = seeds().stream().map(s -> s.draft().name()).collect(Collectors.toSet());
        String routing = Files.readString(Path.of("config/routing.yml"));
        Matcher named = Pattern.compile("template: \"?([a-z0-9_{}.]+)\"?").matcher(routing);
        List<String> missing = new ArrayList<>();
        while (named.find()) {
            String name = named.group(1);
            List<String> expanded = name.contains("{type.last}")
                    ? List.of("created", "under_review", "approved", "rejected", "implemented", "cancelled").stream()
                            .map(state -> name.replace("{type.last}", state)).toList()
                    : List.of(name);
            expanded.stream().filter(n -> !seeded.contains(n)).forEach(missing::add);
        }
        assertThat(missing).isEmpty();
        assertThat(seeded).hasSizeGreaterThanOrEqualTo(14);
    }

    @Test
    void everySeedRendersOnEachOfItsChannelsAndVariantsWithItsSampleData() {
        for (TemplateSeeder.SeedFile seed : seeds()) {
            assertThat(seed.sampleData()).as(seed.file() + " has sample_data").isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> context = new java.util.LinkedHashMap<>(
                    json.convertValue(seed.sampleData(), Map.class));
            context.put("recipient", Map.of("name", "Ana Ruiz", "locale", "en"));
            context.put("company", Map.of("name", "CoachWay Charters", "postal_address", "100 Depot Road"));
            context.put("unsubscribe_url", "https://hub.example/u/token");
            TemplateContent content = seed.draft().content();
            List<String> variants = new ArrayList<>(content.variants().keySet());
            variants.add(null);
            for (String channel : List.of("sms", "whatsapp", "email")) {
                if (!content.supports(channel)) {
                    continue;
                }
                for (String variant : variants) {
                    RenderedMessage message = renderer.render(content, channel, variant, context, Locale.ENGLISH);
                    String what = seed.draft().name() + " " + channel + " " + variant;
                    if ("sms".equals(channel)) {
                        assertThat(message.text()).as(what).isNotBlank().hasSizeLessThanOrEqualTo(320)
                                .doesNotContain("{{");
                    }
                    if ("email".equals(channel)) {
                        String replyTo = renderer.replyTo(content, variant, context);
                        assertThat(replyTo == null || Mailboxes.valid(replyTo)).as(what + " reply_to " + replyTo)
                                .isTrue();
                        assertThat(message.subject()).as(what).isNotBlank().doesNotContain("{{");
                        assertThat(message.html()).as(what).contains("<p>").doesNotContain("{{");
                        assertThat(message.text()).as(what).isNotBlank().doesNotContain("{{");
                    }
                    if ("whatsapp".equals(channel) && message.providerTemplate() != null) {
                        assertThat(message.providerTemplate().values()).as(what).doesNotContainNull();
                    }
                }
            }
        }
    }

    @Test
    void aLeadWithHalfATripSaysInWordsWhatIsMissing() {
        Map<String, Object> context = Map.of("recipient", Map.of("name", "Sam Carter"), "lead",
                Map.of("id", "lead_1", "first_name", "Maria", "source", "web", "pickup_location", "Hartford, CT"),
                "reason", "there is no active agent");
        Map<String, String> expected = Map.of("lead_assigned", "Hartford, CT -> not given", "lead_unassigned",
                "Hartford, CT -> not given", "lead_acknowledgement", "Hartford, CT -> to be agreed");
        for (TemplateSeeder.SeedFile seed : seeds()) {
            String trip = expected.get(seed.draft().name());
            if (trip != null) {
                RenderedMessage email = renderer.render(seed.draft().content(), "email", null, context,
                        Locale.ENGLISH);
                // and the lines of what is missing leave no gap behind
                assertThat(email.text()).as(seed.draft().name()).contains(trip).doesNotContain("?")
                        .doesNotContainPattern("\\n[ \\t]*\\n[ \\t]*\\n");
            }
        }
    }

    @Test
    void aLeadWithNothingButANameLeavesNoGapAndNoEmptyTable() {
        // what a phone lead often is (API.md §5): a first name, a source and one address
        Map<String, Object> lead = Map.of("id", "lead_1", "first_name", "Dev", "source", "partner", "status", "new",
                "email",
                "dev@example.com");
        Map<String, Object> context = Map.of("recipient", Map.of("name", "Kim Park"), "lead", lead, "agent",
                Map.of("id", "a1", "name", "Kim Park"), "previous_agent", Map.of("id", "a2", "name", "Lou Diaz"),
                "reason", "there is no active agent", "contact_within", "30 minutes", "console_url",
                "https://hub.example/ops/#/leads/lead_1", "repeat", Map.of("source", "phone", "details",
                        List.of(Map.of("field", "estimated_passengers", "value", "60", "added", true))));
        int rendered = 0;
        for (TemplateSeeder.SeedFile seed : seeds()) {
            if (!seed.draft().name().startsWith("lead_") || !seed.draft().content().supports("email")) {
                continue;
            }
            RenderedMessage email = renderer.render(seed.draft().content(), "email", null, context, Locale.ENGLISH);
            assertThat(email.text()).as(seed.draft().name()).doesNotContainPattern("\\n[ \\t]*\\n[ \\t]*\\n");
            assertThat(email.html()).as(seed.draft().name()).doesNotContainPattern("<(table|ul|ol)[^>]*>\\s*</\\1>");
            rendered++;
            if (seed.draft().name().equals("lead_reassigned")) {
                // no comma left behind by the trip it would have named
                assertThat(email.text()).contains("The lead for Dev was still marked new");
            }
        }
        assertThat(rendered).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theNoteIsRepeatedToTheCustomerWhenTheyGaveNothingElseAsTheirsOnlyWhenTheyWroteIt() {
        TemplateContent acknowledgement = seeds().stream().filter(s -> s.draft().name().equals(
                "lead_acknowledgement")).findFirst().orElseThrow().draft().content();
        Map<String, Object> fromWeb = Map.of("id", "lead_1", "first_name", "Dev", "source", "web", "trip_details",
                "Wedding shuttle, <b>60 guests</b>");
        RenderedMessage email = renderer.render(acknowledgement, "email", null, Map.of("recipient", Map.of("name",
                "Dev"), "lead", fromWeb), Locale.ENGLISH);
        assertThat(email.text())
                .contains("We have your request:\n\n  Your note:  Wedding shuttle, <b>60 guests</b>\n\n");
        // escaped in HTML, as every value is
        assertThat(email.html()).contains("Your note</td><td>Wedding shuttle, &lt;b&gt;60 guests&lt;/b&gt;");

        // a partner (or the agent who took the call) wrote it: not the customer's note
        Map<String, Object> fromPartner = new java.util.HashMap<>(fromWeb);
        fromPartner.put("source", "partner");
        RenderedMessage partner = renderer.render(acknowledgement, "email", null, Map.of("recipient", Map.of(
                "name", "Dev"), "lead", fromPartner), Locale.ENGLISH);
        assertThat(partner.text()).contains("We have your request:\n\n  Notes:      Wedding shuttle, <b>60 guests</b>")
                .doesNotContain("Your note");
        assertThat(partner.html()).contains("Notes</td><td>").doesNotContain("Your note");
    }

    @Test
    void aConfirmationPromisesTheReminderOnlyWhenRoutingScheduledOne() {
        TemplateContent confirmed = seeds().stream().filter(s -> s.draft().name().equals("charter_confirmed"))
                .findFirst().orElseThrow().draft().content();
        Map<String, Object> client = Map.of("name", "Ana Ruiz", "email", "ana@example.com");
        Map<String, Object> trip = Map.of("date", "2027-06-12", "pickup", "Boston South Station");
        Map<String, Object> reminded = Map.of("recipient", Map.of("name", "Ana Ruiz"), "charter_id", 186, "client",
                client, "trip", trip, "scheduled", Map.of("trip_reminder", "2027-06-11T13:00:00Z"));
        Map<String, Object> undated = Map.of("recipient", Map.of("name", "Ana Ruiz"), "charter_id", 186, "client",
                client);
        // a date whose day-before 09:00 had passed when it was confirmed: routing scheduled nothing
        Map<String, Object> tooLate = Map.of("recipient", Map.of("name", "Ana Ruiz"), "charter_id", 186, "client",
                client, "trip", trip);

        // the rule reminds the day before trip.date (by SMS, else email); nothing brings the driver's details but
        // dispatch
        RenderedMessage email = renderer.render(confirmed, "email", null, reminded, Locale.ENGLISH);
        assertThat(email.text()).contains("We will send you a reminder the day before departure.")
                .doesNotContain("driver");
        assertThat(email.html()).contains("<p>We will send you a reminder the day before departure.</p>");
        assertThat(renderer.render(confirmed, "whatsapp", null, reminded, Locale.ENGLISH).text())
                .endsWith("We will send you a reminder the day before. Reply here if anything changes.");
        // no reminder coming: nothing is promised
        for (Map<String, Object> unreminded : List.of(undated, tooLate)) {
            RenderedMessage unpromised = renderer.render(confirmed, "email", null, unreminded, Locale.ENGLISH);
            assertThat(unpromised.text()).doesNotContain("reminder", "driver")
                    .doesNotContainPattern("\\n[ \\t]*\\n[ \\t]*\\n");
            assertThat(unpromised.html()).doesNotContain("reminder", "driver");
            assertThat(renderer.render(confirmed, "whatsapp", null, unreminded, Locale.ENGLISH).text())
                    .doesNotContain("reminder").endsWith("\n\nReply here if anything changes.");
        }
    }

    @Test
    void theCustomersReplyToALeadAcknowledgementReachesItsAgent() {
        TemplateContent acknowledgement = seeds().stream().filter(s -> s.draft().name().equals(
                "lead_acknowledgement")).findFirst().orElseThrow().draft().content();
        Map<String, Object> lead = Map.of("id", "lead_1", "first_name", "Maria", "source", "web");
        Map<String, Object> agent = new HashMap<>(Map.of("id", "a1", "name", "Sam Carter"));
        agent.put("email", "sam.carter@coachway.example");
        assertThat(renderer.replyTo(acknowledgement, null, Map.of("lead", lead, "agent", agent)))
                .isEqualTo("sam.carter@coachway.example");
        // an agent without an email, or no agent yet: the template names nobody, so hub.mail.reply-to applies
        agent.put("email", null);
        assertThat(renderer.replyTo(acknowledgement, null, Map.of("lead", lead, "agent", agent))).isNull();
        Map<String, Object> unassigned = new HashMap<>(Map.of("lead", lead));
        unassigned.put("agent", null);
        assertThat(renderer.replyTo(acknowledgement, null, unassigned)).isNull();
    }
}
