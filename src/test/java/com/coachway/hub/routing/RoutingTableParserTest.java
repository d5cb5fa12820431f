package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The routing table is data, read strictly: every mistake is refused with its line. */
class RoutingTableParserTest {

    @Test
    void theShippedTableParsesAndHoldsEveryRuleOfApiMd() throws IOException {
        RoutingTable table = RoutingTableParser.parse("config/routing.yml",
                Files.readString(Path.of("config/routing.yml")));

        assertThat(table.rules()).extracting(RoutingRule::id)
                .contains("lead-created", "lead-converted", "charter-quote-sent", "charter-confirmed", "charter-split",
                        "trip-reminder", "payment-received", "recovery-contact-attempted", "recovery-escalated",
                        "vendor-bid-requested", "vendor-bid-decided", "vendor-compliance-expiring", "change-case",
                        "marketing-campaign");
        RoutingRule reminder = rule(table, "trip-reminder");
        RoutingAction.Notify notify = (RoutingAction.Notify) reminder.actions().get(0);
        assertThat(notify.category()).isEqualTo("reminders");
        assertThat(notify.channels()).containsExactly("sms");
        RoutingAction.Notify escalation = (RoutingAction.Notify) rule(table, "recovery-escalated").actions().get(0);
        assertThat(escalation.priority()).isEqualTo("critical");
    }

    @Test
    void defaultsAreTransactionalAndNormal() {
        RoutingTable table = parse("""
                rules:
                  - id: r
                    match: a.b
                    actions:
                      - notify: {template: t, to: client, channels: [email]}
                """);

        RoutingAction.Notify notify = (RoutingAction.Notify) table.rules().get(0).actions().get(0);
        assertThat(notify.category()).isEqualTo("transactional");
        assertThat(notify.priority()).isEqualTo("normal");
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        String yaml = """
                rules:
                  - id: ok-rule
                    match: charter.confirmed
                    actions:
                      - notify: {template: charter_confirmed, to: client, channels: [whatsapp, fax]}
                      - push: mars
                  - id: BadId
                    match: "two words"
                    actions: []
                  - id: ok-rule
                    match: x.y
                    actions:
                      - lead: {}
                        push: vendor
                """;

        List<String> problems = problems(yaml);

        assertThat(problems).anyMatch(p -> p.startsWith("line 5:") && p.contains("'ok-rule'")
                && p.contains("unknown channel 'fax'"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 6:") && p.contains("unknown push destination 'mars'"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 7:") && p.contains("id must be lower-case"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 8:") && p.contains("not an event-type pattern"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 9:") && p.contains("non-empty list"));
        assertThat(problems)
                .anyMatch(p -> p.startsWith("line 13:") && p.contains("exactly one of notify, push, raise or lead"));
    }

    @Test
    void workflowKeysAreReadAndEveryMistakeIsNamedWithItsLine() {
        RoutingTable table = parse("""
                rules:
                  - id: r
                    match: trip.completed
                    actions:
                      - notify: {template: t, to: client, channels: [email], delay: PT2H,
                                 cancel_on: [feedback.received]}
                      - notify: {template: t, to: client, channels: [sms],
                                 at: {field: trip.date, offset: -P1D, time: "09:00"}, skip_if_past: true,
                                 cancel_on: [charter.cancelled], cancel_key: charter_id}
                """);
        Workflow later = ((RoutingAction.Notify) table.rules().get(0).actions().get(0)).workflow();
        Workflow at = ((RoutingAction.Notify) table.rules().get(0).actions().get(1)).workflow();
        assertThat(later.delay()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(later.cancelOn()).containsExactly("feedback.received");
        assertThat(at.at()).isEqualTo(new Workflow.At("trip.date", java.time.Period.ofDays(-1), null,
                java.time.LocalTime.of(9, 0)));
        assertThat(at.skipIfPast()).isTrue();
        assertThat(at.cancelKey()).isEqualTo("charter_id");

        List<String> problems = problems("""
                rules:
                  - id: r
                    match: a.b
                    actions:
                      - notify: {template: t, to: client, channels: [sms], delay: soon}
                      - notify: {template: t, to: client, channels: [sms], delay: PT1H, at: {field: d}}
                      - notify: {template: t, to: client, channels: [sms], at: {field: d, offset: tomorrow}}
                      - notify: {template: t, to: client, channels: [sms], at: {field: d, time: "25:00"}}
                      - notify: {template: t, to: client, channels: [sms], skip_if_past: true}
                      - notify: {template: t, to: client, channels: [sms], cancel_on: [x.y]}
                      - notify: {template: t, to: client, channels: [sms], delay: PT1H, cancel_on: ["Not A Type"]}
                      - notify: {template: t, to: client, channels: [sms], delay: -PT1H}
                      - notify: {template: t, to: client, channels: [sms], quiet_hours: {from: "21:00"}}
                """);
        assertThat(problems).anyMatch(p -> p.startsWith("line 5:") && p.contains("delay 'soon'"))
                .anyMatch(p -> p.startsWith("line 6:") && p.contains("'delay' or 'at', not both"))
                .anyMatch(p -> p.startsWith("line 7:") && p.contains("offset 'tomorrow'"))
                .anyMatch(p -> p.startsWith("line 8:") && p.contains("time '25:00'"))
                .anyMatch(p -> p.startsWith("line 9:") && p.contains("skip_if_past goes beside 'at'"))
                .anyMatch(p -> p.startsWith("line 10:") && p.contains("cancel_on needs a send that waits"))
                .anyMatch(p -> p.startsWith("line 11:") && p.contains("'Not A Type' is not an event type"))
                .anyMatch(p -> p.startsWith("line 12:") && p.contains("delay must be positive"))
                .anyMatch(p -> p.startsWith("line 13:") && p.contains("quiet_hours needs 'to'"));
    }

    @Test
    void oncePerNamesTheOccasionOfASendMadeAtOnce() throws IOException {
        RoutingTable table = parse("""
                rules:
                  - id: r
                    match: charter.confirmed
                    actions:
                      - notify: {template: t, to: client, channels: [email], once_per: charter_id}
                """);
        assertThat(((RoutingAction.Notify) table.rules().get(0).actions().get(0)).workflow().oncePer())
                .isEqualTo("charter_id");
        RoutingTable shipped = parse(Files.readString(Path.of("config/routing.yml")));
        assertThat(shipped.rules()).filteredOn(rule -> rule.id().equals("charter-confirmed")).singleElement()
                .satisfies(rule -> assertThat(rule.actions()).filteredOn(RoutingAction.Notify.class::isInstance)
                        .map(action -> ((RoutingAction.Notify) action).workflow().oncePer())
                        .containsExactly("charter_id", "charter_id", null));

        List<String> problems = problems("""
                rules:
                  - id: r
                    match: a.b
                    actions:
                      - notify: {template: t, to: client, channels: [sms], once_per: "charter id!"}
                      - notify: {template: t, to: client, channels: [sms], delay: PT1H, once_per: charter_id}
                      - notify: {template: t, to: client, channels: [sms], once_per: charter_id,
                                 threshold: {key: client.email, count: 3, within: P7D}}
                      - notify: {template: t, to: client, channels: [sms], once_per: [charter_id]}
                """);
        assertThat(problems).anyMatch(p -> p.startsWith("line 5:") && p.contains("once_per must be a dot path"))
                .anyMatch(p -> p.startsWith("line 6:") && p.contains("once_per goes on a send made at once"))
                .anyMatch(p -> p.startsWith("line 7:") && p.contains("not beside 'threshold' or 'digest'"))
                .anyMatch(p -> p.startsWith("line 9:") && p.contains("'once_per' must be a single value"));
    }

    @Test
    void raiseNamesAnEventTypeAndTheFieldThatMakesItOnce() throws IOException {
        RoutingTable shipped = RoutingTableParser.parse("config/routing.yml",
                Files.readString(Path.of("config/routing.yml")));
        RoutingAction.Raise escalate = (RoutingAction.Raise) rule(shipped, "recovery-contact-attempted").actions()
                .get(1);
        assertThat(escalate.type()).isEqualTo("dispatch.recovery.escalated");
        assertThat(escalate.oncePer()).isEqualTo("recovery_id");
        assertThat(escalate.when()).extracting(Condition::operator).containsExactly("gte");

        List<String> problems = problems("""
                rules:
                  - id: r
                    match: a.b
                    actions:
                      - raise: {type: "Not A Type", once_per: x}
                      - raise: {type: c.d}
                      - raise: {type: c.d, once_per: x, then: y}
                """);
        assertThat(problems).anyMatch(p -> p.startsWith("line 5:") && p.contains("raise needs 'type'"))
                .anyMatch(p -> p.startsWith("line 6:") && p.contains("raise needs 'once_per'"))
                .anyMatch(p -> p.startsWith("line 7:") && p.contains("unknown key 'then'"));
    }

    @Test
    void duplicateRuleIdsAreRefused() {
        assertThat(problems("""
                rules:
                  - id: same
                    match: a
                    actions: [{push: vendor}]
                  - id: same
                    match: b
                    actions: [{push: vendor}]
                """)).anyMatch(p -> p.startsWith("line 5:") && p.contains("used by an earlier rule"));
    }

    @Test
    void unknownKeysAreTyposNotSilence() {
        assertThat(problems("""
                rules:
                  - id: r
                    match: a
                    actons: [{push: vendor}]
                """)).anyMatch(p -> p.startsWith("line 4:") && p.contains("unknown key 'actons'"));
        assertThat(problems("""
                rules:
                  - id: r
                    match: a
                    actions:
                      - notify: {template: t, to: client, channels: [sms], priorty: high}
                """)).anyMatch(p -> p.startsWith("line 5:") && p.contains("unknown key 'priorty'"));
    }

    @Test
    void notifyNeedsATemplateARecipientAndChannels() {
        List<String> problems = problems("""
                rules:
                  - id: r
                    match: a
                    actions:
                      - notify: {channels: [sms, sms]}
                      - notify: {template: t, template_from: x, to: "client; drop", channels: []}
                      - notify: {template: "Bad-Name", to: client, channels: [email], category: spam}
                """);

        assertThat(problems).anyMatch(p -> p.contains("exactly one of 'template' or 'template_from'"))
                .anyMatch(p -> p.contains("needs 'to'"))
                .anyMatch(p -> p.contains("listed twice"))
                .anyMatch(p -> p.contains("'to' must be a dot path"))
                .anyMatch(p -> p.contains("needs 'channels'"))
                .anyMatch(p -> p.contains("template 'Bad-Name'"))
                .anyMatch(p -> p.contains("unknown category 'spam'"));
    }

    @Test
    void conditionsAreChecked() {
        List<String> problems = problems("""
                rules:
                  - id: r
                    match: a
                    when: {field: x, in: 3}
                    actions:
                      - push: vendor
                        when: [{field: attempts, gte: three}, {field: y}, {field: z, equals: 1, exists: true}]
                """);

        assertThat(problems).anyMatch(p -> p.startsWith("line 4:") && p.contains("'in' needs a non-empty list"))
                .anyMatch(p -> p.contains("'gte' needs a number"))
                .anyMatch(p -> p.contains("exactly one of"));
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThat(problems("rules:\n  - id: r\n    match: [a\n    actions: x\n"))
                .singleElement()
                .satisfies(p -> assertThat(p).matches("line \\d+: not valid YAML.*"));
        assertThat(problems("")).singleElement().satisfies(p -> assertThat(p).contains("empty"));
        assertThat(problems("rules: 3")).anyMatch(p -> p.contains("'rules' must be a list"));
        assertThat(problems("- just a list")).anyMatch(p -> p.contains("must be a mapping"));
        assertThat(problems("version: 2\nrules: []")).anyMatch(p -> p.contains("version must be 1"));
    }

    @Test
    void aRuleMayNameTheIdsItHadBeforeOnceEachAndNoneInForce() {
        RoutingTable table = parse("""
                rules:
                  - id: reminder-v2
                    formerly: [reminder, reminder-v1]
                    match: a.b
                    actions:
                      - notify: {template: t, to: client, channels: [sms], delay: PT1H, cancel_on: [a.off]}
                """);
        assertThat(NotifyRoute.scopes(table.rules().get(0))).containsExactly("reminder-v2", "reminder", "reminder-v1");
        assertThat(NotifyRoute.of(table).get(0).cancelScopes()).containsExactly("reminder-v2", "reminder",
                "reminder-v1");

        List<String> problems = problems("""
                rules:
                  - id: one
                    formerly: two
                    match: a.b
                    actions: [{push: vendor}]
                  - id: two
                    formerly: old
                    match: a.b
                    actions: [{push: vendor}]
                  - id: three
                    formerly: [three, Not-An-Id]
                    match: a.b
                    actions: [{push: vendor}]
                  - id: four
                    formerly: old
                    match: a.b
                    actions: [{push: vendor}]
                """);
        assertThat(problems).anyMatch(p -> p.startsWith("line 2:") && p.contains("formerly names 'two', a rule still"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 11:") && p.contains("the rule's own id"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 11:") && p.contains("the id (or a list of ids)"));
        assertThat(problems).anyMatch(p -> p.startsWith("line 14:")
                && p.contains("formerly names 'old', which rule 'two' already took the place of"));
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            yaml.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *")
                    .append((char) (c - 1)).append("]\n");
        }
        yaml.append("rules: []\n");

        assertThat(problems(yaml.toString())).isNotEmpty();
    }

    private static RoutingRule rule(RoutingTable table, String id) {
        return table.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static RoutingTable parse(String yaml) {
        return RoutingTableParser.parse("test.yml", yaml);
    }

    private static List<String> problems(String yaml) {
        try {
            RoutingTableParser.parse("test.yml", yaml);
        } catch (RoutingTableException e) {
            assertThat(e.getMessage()).contains("test.yml");
            return e.problems();
        }
        return fail("expected the table to be refused");
    }
}
