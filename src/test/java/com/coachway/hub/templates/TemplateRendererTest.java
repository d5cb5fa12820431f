package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer(ZoneId.of("America/New_York"));

    private static TemplateContent email(String subject, String html, String text) {
        return new TemplateContent(null, null, new TemplateContent.Email(subject, html, text), Map.of());
    }

    @Test
    void htmlIsEscapedAndTextIsNot() {
        RenderedMessage message = renderer.render(email("Hi {{ name }}", "<p>{{ name }}</p>", "{{ name }}"), "email",
                null, Map.of("name", "<script>alert('x')</script> & Co"), Locale.ENGLISH);

        assertThat(message.html()).isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</p>");
        assertThat(message.text()).isEqualTo("<script>alert('x')</script> & Co");
    }

    @Test
    void datesAreWrittenInTheTemplatesLanguageAsTheRecipientsRegionWritesThem() {
        TemplateContent.Sms body = new TemplateContent.Sms(
                "{{ d | date('EEEE d MMMM yyyy') }} / {{ t | date('HH:mm') }} / {{ l | date('d MMM') }} / {{ a | money }}");
        TemplateContent english = new TemplateContent(body, null, null, Map.of());
        TemplateContent spanish = new TemplateContent(body, null, null, Map.of(), "es");
        Map<String, Object> data = Map.of("d", "2026-06-12", "t", "2026-06-12T08:30:00Z", "l", "2026-06-12T09:15",
                "a", 1225.5);

        assertThat(renderer.render(english, "sms", null, data, null).text())
                .isEqualTo("Friday 12 June 2026 / 04:30 / 12 Jun / 1,225.50");
        // a Spanish speaker reading an English text: English names, never "viernes 12 junio" inside it
        assertThat(renderer.render(english, "sms", null, data, Locale.forLanguageTag("es-ES")).text())
                .isEqualTo("Friday 12 June 2026 / 04:30 / 12 Jun / 1,225.50");
        // English as written in Germany (CLDR): English names, German digits
        assertThat(renderer.render(english, "sms", null, data, Locale.forLanguageTag("de-DE")).text())
                .endsWith("12 June 2026 / 04:30 / 12 Jun / 1.225,50");
        assertThat(renderer.render(spanish, "sms", null, data, null).text()).startsWith("viernes 12 junio 2026");
        assertThat(renderer.render(spanish, "sms", null, data, Locale.forLanguageTag("es-MX")).text())
                .startsWith("viernes 12 junio 2026").endsWith("1,225.50");
        assertThat(renderer.render(spanish, "sms", null, data, Locale.forLanguageTag("en-US")).text())
                .startsWith("viernes 12 junio 2026");
        // a variant keeps its template's language
        TemplateContent split = new TemplateContent(body, null, null,
                Map.of("A", new TemplateContent.Variant(1, null, null, null), "B",
                        new TemplateContent.Variant(1, new TemplateContent.Sms("{{ d | date('MMMM') }}"), null, null)),
                "es");
        assertThat(renderer.render(split, "sms", "B", data, Locale.forLanguageTag("en-GB")).text()).isEqualTo("junio");
    }

    @Test
    void aDateStyleInBracesPutsMonthAndDayInTheOrderTheRecipientsRegionReadsThem() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms(
                "{{ d | date('{full}') }} / {{ d | date('{short day}') }} / {{ eta | date('{time}, {weekday}') }}"),
                null, null, Map.of());
        Map<String, Object> data = Map.of("d", "2026-06-12", "eta", "2026-06-12T12:40:00Z");

        // no locale of their own: the template's English, as the US writes it
        assertThat(renderer.render(sms, "sms", null, data, null).text())
                .isEqualTo("Friday, June 12, 2026 / Jun 12 / 8:40 AM, Friday, June 12");
        assertThat(renderer.render(sms, "sms", null, data, Locale.forLanguageTag("en-US")).text())
                .isEqualTo("Friday, June 12, 2026 / Jun 12 / 8:40 AM, Friday, June 12");
        // and the time of day on the clock they read
        assertThat(renderer.render(sms, "sms", null, data, Locale.forLanguageTag("en-GB")).text())
                .isEqualTo("Friday 12 June 2026 / 12 Jun / 08:40, Friday 12 June");
        assertThat(renderer.render(sms, "sms", null, data, Locale.forLanguageTag("en-AU")).text())
                .startsWith("Friday 12 June 2026 / 12 Jun");
        // every style reads a date, in an order of its own for each
        for (DateFilter.Style style : DateFilter.Style.values()) {
            if (style == DateFilter.Style.TIME) {
                continue; // a time of day, not a date: above
            }
            TemplateContent one = new TemplateContent(new TemplateContent.Sms("{{ d | date('" + style.written()
                    + "') }}"), null, null, Map.of());
            String us = renderer.render(one, "sms", null, data, null).text();
            assertThat(us).as(style.written()).contains("Jun", "12").doesNotContain("{");
            assertThat(renderer.render(one, "sms", null, data, Locale.UK).text()).as(style.written())
                    .isNotEqualTo(us).contains("Jun", "12");
        }
    }

    @Test
    void aDateStyleThatDoesNotExistIsRefusedAtSaveNamingThoseThatDo() {
        assertThat(DateFilter.patternProblem("{fortnight}")).isEqualTo("date() format '{fortnight}': {fortnight} is"
                + " no date style; name one of {full}, {long}, {medium}, {short}, {weekday}, {day}, {short weekday},"
                + " {short day}, {time}");
        assertThat(DateFilter.patternProblem("HH:mm, {weekday}")).isNull();
        assertThat(DateFilter.patternProblem("{time}, {weekday}")).isNull();
        // what is written around a style is still a pattern, with its classic mistakes
        assertThat(DateFilter.patternProblem("{day} YYYY")).contains("Y is the week-based year");
    }

    @Test
    void anInstantIsShownOnTheRecipientsClockAndAWallClockValueAsItIs() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms(
                "{{ eta | date('EEE d MMM HH:mm') }} / {{ local | date('HH:mm') }} / {{ day | date('d MMM') }}"),
                null, null, Map.of());
        Map<String, Object> data = new HashMap<>(Map.of("eta", "2026-06-12T02:10:00Z", "local",
                "2026-06-12T09:15", "day", "2026-06-12"));

        // no zone of their own: the company's (America/New_York, UTC-4 in June), which moves the day too
        assertThat(render(sms, data)).isEqualTo("Thu 11 Jun 22:10 / 09:15 / 12 Jun");
        data.put("recipient", HubVariables.recipient("Ana", null, null, null, "Europe/Madrid"));
        assertThat(render(sms, data)).isEqualTo("Fri 12 Jun 04:10 / 09:15 / 12 Jun");
        // an offset other than Z is the same instant, shown on the same clock
        data.put("eta", "2026-06-11T19:10:00-07:00");
        assertThat(render(sms, data)).startsWith("Fri 12 Jun 04:10 /");
        // a zone Java does not know is not an error in a message already accepted: the company's clock
        data.put("recipient", HubVariables.recipient("Ana", null, null, null, "Mars/Olympus"));
        assertThat(render(sms, data)).startsWith("Thu 11 Jun 22:10 /");
    }

    @Test
    void pastTellsADayGoneByOnTheRecipientsClockFromOneToCome() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms(
                "{% if due is past %}expired{% else %}expires{% endif %}"), null, null, Map.of());
        ZonedDateTime madrid = ZonedDateTime.now(ZoneId.of("Europe/Madrid"));
        Map<String, Object> data = new HashMap<>(Map.of("recipient", HubVariables.recipient("Ana", null, null, null,
                "Europe/Madrid")));

        for (Object gone : List.of(madrid.toLocalDate().minusDays(1).toString(), "2020-01-01T09:00",
                Instant.now().minusSeconds(60).toString(), "2026-01-01T00:00:00+02:00")) {
            data.put("due", gone);
            assertThat(render(sms, data)).as(gone.toString()).isEqualTo("expired");
        }
        // today is not gone by: a document that expires today is still valid until the day ends
        for (Object toCome : List.of(madrid.toLocalDate().toString(), madrid.toLocalDate().plusDays(1).toString(),
                Instant.now().plusSeconds(3600).toString(), "2999-01-01T09:00")) {
            data.put("due", toCome);
            assertThat(render(sms, data)).as(toCome.toString()).isEqualTo("expires");
        }
        data.put("due", "soon");
        assertThatThrownBy(() -> render(sms, data)).isInstanceOf(TemplateRenderException.class)
                .hasMessageContaining("'is past' cannot read 'soon' as a date");
    }

    @Test
    void wordsReadsAnUpstreamCodeAsWordsAndLeavesTextAsWritten() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms("Reason: {{ r | words | sentence }}"), null,
                null, Map.of());

        assertThat(render(sms, Map.of("r", "gps_signal_lost"))).isEqualTo("Reason: gps signal lost.");
        assertThat(render(sms, Map.of("r", "DRIVER_UNREACHABLE"))).isEqualTo("Reason: driver unreachable.");
        assertThat(render(sms, Map.of("r", "flatTyre"))).isEqualTo("Reason: flat tyre.");
        assertThat(render(sms, Map.of("r", "_level_2__check_"))).isEqualTo("Reason: level 2 check.");
        // not codes: free text, one word, an address, a number
        assertThat(render(sms, Map.of("r", "Off route near exit_12"))).isEqualTo("Reason: Off route near exit_12.");
        assertThat(render(sms, Map.of("r", "CDL"))).isEqualTo("Reason: CDL.");
        assertThat(render(sms, Map.of("r", "Weather"))).isEqualTo("Reason: Weather.");
        assertThat(render(sms, Map.of("r", "ops_desk@coachway.example")))
                .isEqualTo("Reason: ops_desk@coachway.example.");
        assertThat(render(sms, Map.of("r", 42))).isEqualTo("Reason: 42.");
    }

    @Test
    void sentenceEndsTheSendersTextWithOneStop() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms("Reason: {{ r | sentence }} Call us."), null,
                null, Map.of());

        assertThat(render(sms, Map.of("r", "off route"))).isEqualTo("Reason: off route. Call us.");
        assertThat(render(sms, Map.of("r", "The venue moved. "))).isEqualTo("Reason: The venue moved. Call us.");
        assertThat(render(sms, Map.of("r", "Flat tyre!"))).isEqualTo("Reason: Flat tyre! Call us.");
        assertThat(render(sms, Map.of("r", "Did he say \"stop?\""))).isEqualTo("Reason: Did he say \"stop?\" Call us.");
        assertThat(render(sms, Map.of("r", "(see notes)"))).isEqualTo("Reason: (see notes). Call us.");
        assertThat(render(sms, Map.of("r", 42))).isEqualTo("Reason: 42. Call us.");
    }

    @Test
    void anApprovedTemplateWithoutALanguageCodeTakesItsTemplatesLanguage() {
        TemplateContent.WhatsApp unnamed = new TemplateContent.WhatsApp(null,
                new TemplateContent.ProviderTemplate("viaje_retrasado", null, List.of("recipient.name")));
        TemplateContent.WhatsApp named = new TemplateContent.WhatsApp(null,
                new TemplateContent.ProviderTemplate("trip_delayed", "en_GB", List.of("recipient.name")));
        Map<String, Object> data = Map.of("recipient", Map.of("name", "Ana"));

        // Meta must be told the language the template was approved in: es_MX for a Mexican Spanish one, not en_US
        assertThat(renderer.render(new TemplateContent(null, unnamed, null, Map.of(), "es-MX"), "whatsapp", null, data,
                null).providerTemplate().language()).isEqualTo("es_MX");
        assertThat(renderer.render(new TemplateContent(null, unnamed, null, Map.of()), "whatsapp", null, data, null)
                .providerTemplate().language()).isEqualTo("en_US");
        assertThat(renderer.render(new TemplateContent(null, named, null, Map.of(), "es"), "whatsapp", null, data,
                null).providerTemplate().language()).isEqualTo("en_GB");
    }

    @Test
    void amountsReadAsMoneyHoweverTheEventSentThem() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms(
                "{{ a | money }} / {{ b | money }} / {{ c | money }} / {{ d | money }} / {{ e | money }}"), null,
                null, Map.of());
        Map<String, Object> data = Map.of("a", 1225, "b", 12.5, "c", 1000.0, "d", "450.00", "e", "12.345");

        assertThat(render(sms, data)).isEqualTo("1,225.00 / 12.50 / 1,000.00 / 450.00 / 12.345");
        assertThat(renderer.render(sms, "sms", null, data, Locale.GERMANY).text())
                .isEqualTo("1.225,00 / 12,50 / 1.000,00 / 450,00 / 12,345");
        TemplateContent words = new TemplateContent(new TemplateContent.Sms("Paid {{ a | money }}"), null, null,
                Map.of());
        // written out by the sender (POST /api/v1/notifications data has no schema): shown as it came, never an error
        assertThat(render(words, Map.of("a", "2,450.00"))).isEqualTo("Paid 2,450.00");
        assertThat(render(words, Map.of("a", "$99"))).isEqualTo("Paid $99");
    }

    @Test
    void anAmountWithItsCurrencyReadsAsTheRecipientsRegionWritesThatCurrency() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms(
                "Paid {{ a | money(currency | default('')) }}"), null, null, Map.of());

        assertThat(render(sms, Map.of("a", 1225, "currency", "USD"))).isEqualTo("Paid $1,225.00");
        assertThat(renderer.render(sms, "sms", null, Map.of("a", 1225, "currency", "USD"), Locale.UK).text())
                .isEqualTo("Paid US$1,225.00");
        assertThat(render(sms, Map.of("a", "1225.5", "currency", "eur"))).isEqualTo("Paid €1,225.50");
        assertThat(renderer.render(sms, "sms", null, Map.of("a", 99, "currency", "GBP"), Locale.UK).text())
                .isEqualTo("Paid £99.00");
        // a currency without cents, and cents sent anyway: nothing rounded away
        assertThat(render(sms, Map.of("a", 5000, "currency", "JPY"))).isEqualTo("Paid ¥5,000");
        assertThat(render(sms, Map.of("a", "12.345", "currency", "USD"))).isEqualTo("Paid $12.345");
        // no currency: the number alone; a code Java does not know, or an amount written out: the code before it
        assertThat(render(sms, Map.of("a", 1225))).isEqualTo("Paid 1,225.00");
        assertThat(render(sms, Map.of("a", 1225, "currency", "XBT"))).isEqualTo("Paid XBT 1,225.00");
        assertThat(render(sms, Map.of("a", "2,450.00", "currency", "USD"))).isEqualTo("Paid USD 2,450.00");
    }

    private String render(TemplateContent content, Map<String, Object> data) {
        return renderer.render(content, "sms", null, data, Locale.ENGLISH).text();
    }

    @Test
    void aMissingVariableIsAnErrorNamingIt() {
        TemplateContent sms = new TemplateContent(new TemplateContent.Sms("Paid {{ amount }} for {{ charter.id }}"),
                null, null, Map.of());

        assertThatThrownBy(() -> renderer.render(sms, "sms", null, Map.of("charter", Map.of("id", 1)), Locale.ENGLISH))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.field()).isEqualTo("data.amount"));
        assertThatThrownBy(() -> renderer.render(sms, "sms", null, Map.of("amount", "1", "charter", Map.of()),
                Locale.ENGLISH)).isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.field()).isEqualTo("data.id"));
        // inside a condition too, where Pebble says only "Wrong operand(s) type in conditional expression"
        TemplateContent big = new TemplateContent(new TemplateContent.Sms(
                "{% if trip.passengers > 40 %}Two coaches{% endif %}"), null, null, Map.of());
        assertThatThrownBy(() -> renderer.render(big, "sms", null, Map.of(), Locale.ENGLISH))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.field()).isEqualTo("data.trip");
                    assertThat(e.getMessage()).contains("variable 'trip' is missing (sms.text, line 1)");
                });
    }

    @Test
    void variantsReplaceOnlyWhatTheyName() {
        TemplateContent content = new TemplateContent(null, null,
                new TemplateContent.Email("Base subject", "<p>base</p>", "base"),
                Map.of("A", new TemplateContent.Variant(1, null, null, null), "B",
                        new TemplateContent.Variant(1, null, null,
                                new TemplateContent.Email("B subject", null, null))));

        RenderedMessage b = renderer.render(content, "email", "B", Map.of(), Locale.ENGLISH);

        assertThat(b.subject()).isEqualTo("B subject");
        assertThat(b.html()).isEqualTo("<p>base</p>");
        assertThat(b.variant()).isEqualTo("B");
    }

    @Test
    void approvedWhatsAppTemplatesGetTheirValuesInOrder() {
        TemplateContent content = new TemplateContent(null, new TemplateContent.WhatsApp(null,
                new TemplateContent.ProviderTemplate("HX1", "en_US", List.of("recipient.name", "charter_id"))), null,
                Map.of());

        RenderedMessage message = renderer.render(content, "whatsapp", null,
                Map.of("recipient", Map.of("name", "Ana"), "charter_id", 186), Locale.ENGLISH);

        assertThat(message.providerTemplate().values()).containsExactly("Ana", "186");
        assertThat(message.text()).isNull();
    }

    @Test
    void anApprovedTemplatesValuesAreOneLineAsWhatsAppRequires() {
        TemplateContent content = new TemplateContent(null, new TemplateContent.WhatsApp(null,
                new TemplateContent.ProviderTemplate("HX1", "en_US", List.of("trip.pickup"))), null, Map.of());

        RenderedMessage message = renderer.render(content, "whatsapp", null,
                Map.of("trip", Map.of("pickup", " Boston South Station\r\n\tAtlantic Ave      door 3 ")),
                Locale.ENGLISH);

        assertThat(message.providerTemplate().values()).containsExactly("Boston South Station Atlantic Ave door 3");
    }

    @Test
    void syntaxErrorsAreReportedWithTheirLine() {
        assertThat(renderer.syntaxProblem("sms.text", "Hello {{ name ", false)).isNotNull();
        assertThat(renderer.syntaxProblem("sms.text", "line\n{% if %}", false)).contains("line 2");
        assertThat(renderer.syntaxProblem("sms.text", "Hello {{ name }}", false)).isNull();
    }

    @Test
    void theUnsafeCornersOfTheEngineAreClosed() {
        TemplateContent sms = new TemplateContent(
                new TemplateContent.Sms("{{ name.getClass().forName('java.lang.Runtime') }}"),
                null, null, Map.of());

        assertThatThrownBy(() -> renderer.render(sms, "sms", null, Map.of("name", "x"), Locale.ENGLISH))
                .isInstanceOf(TemplateRenderException.class);
    }

    @Test
    void aRangeCountsAsPebblesDoesWithinItsBudget() {
        assertThat(sms("{% for i in 1..3 %}{{ i }}{% endfor %} {% for i in range(9, 1, -4) %}{{ i }}{% endfor %}"
                + " {% for c in 'a'..'c' %}{{ c }}{% endfor %}{% for i in 3..1 %}{{ i }}{% endfor %}",
                Map.of())).isEqualTo("123 951 abc");
        // the whole budget in one loop, and again in the next message
        assertThat(sms("{% for i in 1..10000 %}{% endfor %}done", Map.of())).isEqualTo("done");
        assertThat(sms("{% for i in range(1, n) %}{% endfor %}done", Map.of("n", 10_000))).isEqualTo("done");
    }

    @Test
    void aRunawayRangeIsRefusedBeforePebbleListsIt() {
        // a typo, a count from the event's data, loops inside loops, a range past the largest long: each refused at
        // once, naming the range, instead of listing the numbers in memory on every send
        assertThatThrownBy(() -> sms("{% for i in 1..100000000 %}{% endfor %}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.field()).isEqualTo("sms.text");
                    assertThat(e.getMessage()).contains("1..100000000", "100000000 numbers", "at most 10000");
                });
        assertThatThrownBy(() -> sms("{% for i in range(1, passengers) %}.{% endfor %}",
                Map.of("passengers", 2_000_000_000L))).isInstanceOf(TemplateRenderException.class);
        assertThatThrownBy(() -> sms("{% for a in 1..200 %}{% for b in 1..200 %}{% endfor %}{% endfor %}",
                Map.of())).isInstanceOf(TemplateRenderException.class).hasMessageContaining("in all its loops");
        assertThatThrownBy(() -> sms("{% for i in range(-9223372036854775807, 9223372036854775807) %}{% endfor %}",
                Map.of())).isInstanceOf(TemplateRenderException.class);
        assertThat(BoundedRange.count(Long.MIN_VALUE, Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(BoundedRange.count(10, 1, -3)).isEqualTo(4);
        assertThat(BoundedRange.count(1, 10, 0)).isZero();
    }

    @Test
    void textJoinedToItselfInALoopIsRefusedAtTheSizeOfAMessageNotWhenTheHeapRunsOut() {
        assertThat(sms("{{ 'Ana' ~ ' ' ~ name ~ 1 }}", Map.of("name", "Ruiz"))).isEqualTo("Ana Ruiz1");
        // thirty turns would ask for ten gigabytes; it stops at the first join past what a message may hold
        assertThatThrownBy(() -> sms("{% set s = 'aaaaaaaaaa' %}{% for i in 1..30 %}{% set s = s ~ s %}{% endfor %}"
                + "{{ s | length }}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.field()).isEqualTo("sms.text");
                    assertThat(e.getMessage()).contains("joins text (~) into 1310720 characters",
                            "at most 1048576");
                });
    }

    @Test
    void aTemplateReadsItsDataButCallsNoJavaMethodOnIt() {
        // Pebble's own blacklist stops getClass(), not the rest of what a String or a Map offers
        for (String body : List.of("{{ name.toUpperCase() }}", "{{ name.chars() }}", "{{ seats.clear() }}",
                "{{ name.bytes }}", "{% for s in seats %}{{ loop.getClass() }}{% endfor %}",
                "{% for s in seats %}{{ loop.class }}{% endfor %}")) {
            assertThatThrownBy(() -> sms(body, Map.of("name", "Ana", "seats", new HashMap<>(Map.of("a", 1)))))
                    .as(body).isInstanceOf(TemplateRenderException.class).hasMessageContaining("denied");
        }
        // what templates are for still works: map keys, list items, the loop's own variables, filters and tests
        assertThat(sms("{{ trip.legs[1].to | upper }} {% for leg in trip.legs %}{{ loop.index }}{{ leg.to }}"
                + "{% if loop.last %}.{% endif %}{% endfor %} {{ trip.legs | length }} {{ trip.note is empty }}",
                Map.of("trip", Map.of("legs", List.of(Map.of("to", "Boston"), Map.of("to", "Salem")), "note", ""))))
                .isEqualTo("SALEM 0Boston1Salem. 2 true");
    }

    @Test
    void aBodyThatRendersMoreThanAMebibyteIsRefused() {
        String line = "x".repeat(1000);
        assertThatThrownBy(() -> sms("{% for i in 1..2000 %}{{ line }}{% endfor %}", Map.of("line", line)))
                .isInstanceOfSatisfying(TemplateRenderException.class,
                        e -> assertThat(e.getMessage()).contains(String.valueOf(TemplateRenderer.MAX_RENDERED_CHARS)));
        assertThat(sms("{% for i in 1..1000 %}{{ line }}{% endfor %}", Map.of("line", line)))
                .hasSize(1_000_000);
    }

    @Test
    void aMacroThatCallsItselfIsAProblemNamedNotACrash() {
        assertThatThrownBy(() -> sms("{% macro f(n) %}{{ f(n) }}{% endmacro %}Hi {{ f(1) }}", Map.of()))
                .isInstanceOfSatisfying(TemplateRenderException.class, e -> {
                    assertThat(e.field()).isEqualTo("sms.text");
                    assertThat(e.getMessage()).contains("calls itself");
                });
        assertThat(sms("{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(3) }}",
                Map.of())).isEqualTo("321");
    }

    @Test
    void aBodyCannotLoadAnotherTemplate() {
        for (String body : List.of("{% include 'charter_confirmed' %}", "{% include offer %}",
                "{% import 'x' %}", "{% from 'x' import y %}", "{% extends 'base' %}",
                "{% embed 'x' %}{% endembed %}", "{% block b %}x{% endblock %}",
                "{% parallel %}x{% endparallel %}", "{% cache 'k' %}x{% endcache %}", "{% flush %}")) {
            assertThatThrownBy(() -> sms(body, Map.of("offer", "{{ secret }}"))).as(body)
                    .isInstanceOf(TemplateRenderException.class);
        }
    }

    private String sms(String text, Map<String, Object> data) {
        return renderer.render(new TemplateContent(new TemplateContent.Sms(text), null, null, Map.of()), "sms", null,
                data, Locale.ENGLISH).text();
    }
}
