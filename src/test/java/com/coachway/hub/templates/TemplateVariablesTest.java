package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** The static half of "never a blank": which variables a template uses without a guarantee or a guard. */
class TemplateVariablesTest {

    private static final Predicate<String> NOTHING = path -> false;
    private static final Predicate<String> CHARTER = Set.of("charter_id", "client", "client.name",
            "legs[].charter_id")::contains;

    @Test
    void readsAreEveryDataPathGuardedTestedDefaultedOrLoopedButNotWhatTheTemplateSetsItself() {
        assertThat(TemplateVariables.reads("""
                {% set greeting = 'Hi' %}{{ greeting }} {{ client.name | default('there') }}: #{{ charter_id }}
                {% if trip.date is defined %}on {{ trip.date | date('{long}') }}{% endif %}
                {% if driver is not defined %}-{% endif %}
                {% for leg in legs %}{{ leg.from }} {{ loop.index }}{% endfor %}"""))
                .containsExactly("client.name", "charter_id", "trip.date", "driver", "legs", "legs[].from");
        assertThat(TemplateVariables.reads("{% if %}")).isEmpty();
    }

    @Test
    void aBareOptionalVariableIsReportedByItsPath() {
        assertThat(TemplateVariables.unguarded("Charter #{{ charter_id }} on {{ trip.date | date('MMM d') }}",
                CHARTER)).containsExactly("trip.date");
    }

    @Test
    void isDefinedGuardsItsPathAndEveryPrefix() {
        assertThat(TemplateVariables.unguarded(
                "{% if trip.date is defined %}{{ trip.date }} ({{ trip }}){% endif %}", NOTHING)).isEmpty();
        // knowing trip exists says nothing about trip.date
        assertThat(TemplateVariables.unguarded("{% if trip is defined %}{{ trip.date }}{% endif %}", NOTHING))
                .containsExactly("trip.date");
    }

    @Test
    void andElseifTernaryAndNotCarryTheirGuards() {
        assertThat(TemplateVariables.unguarded(
                "{% if a is defined and b.c is defined %}{{ a }}{{ b.c }}{% endif %}", NOTHING)).isEmpty();
        assertThat(TemplateVariables.unguarded(
                "{% if a is defined %}{{ a }}{% elseif b is defined %}{{ b }}{% else %}{{ c }}{% endif %}",
                NOTHING)).containsExactly("c");
        assertThat(TemplateVariables.unguarded("{% if a is not defined %}-{% else %}{{ a }}{% endif %}", NOTHING))
                .isEmpty();
        assertThat(TemplateVariables.unguarded("{{ a is defined ? a : 'none' }}", NOTHING)).isEmpty();
        assertThat(TemplateVariables.unguarded("{% if a is defined or b is defined %}{{ b }}{% endif %}", NOTHING))
                .containsExactly("b");
    }

    @Test
    void theLeftOfDefaultIsGuardedWithItsFilters() {
        assertThat(TemplateVariables.unguarded("{{ trip.date | date('d MMM') | default('soon') }}", NOTHING))
                .isEmpty();
        assertThat(TemplateVariables.unguarded("{{ a | default(b) }}", NOTHING)).containsExactly("b");
    }

    @Test
    void aConditionReadsItsVariablesToo() {
        // "if x" fails on a missing x under strict variables: only "is defined" may test what may be absent
        assertThat(TemplateVariables.unguarded("{% if trip.passengers > 40 %}big{% endif %}", NOTHING))
                .containsExactly("trip.passengers");
    }

    @Test
    void loopVariablesStandForTheItemsOfTheirList() {
        String body = "{% if legs is defined %}{% for leg in legs %}{{ loop.index }} #{{ leg.charter_id }} "
                + "{{ leg.date }}{% endfor %}{% endif %}";
        assertThat(TemplateVariables.unguarded(body, CHARTER)).containsExactly("legs[].date");
        assertThat(TemplateVariables.unguarded("{% for leg in legs %}{% endfor %}", CHARTER))
                .containsExactly("legs");
    }

    @Test
    void setNamesAreLocal() {
        assertThat(TemplateVariables.unguarded("{% set greeting = 'Hi' %}{{ greeting }}", NOTHING)).isEmpty();
    }

    @Test
    void aBodyThatDoesNotCompileHasNoFindingsOfItsOwn() {
        assertThat(TemplateVariables.unguarded("{% if %}", NOTHING)).isEmpty();
    }

    @Test
    void anApprovedTemplateVariableIsOneExpression() {
        assertThat(TemplateVariables.unguardedExpression("trip.date | default('soon')", NOTHING)).isEmpty();
        assertThat(TemplateVariables.unguardedExpression("trip.date", NOTHING)).containsExactly("trip.date");
    }

    @Test
    void theConstantsOfABodyAreItsDateFormatsAndItsLiteralRanges() {
        TemplateVariables.Constants constants = TemplateVariables.constants("""
                {{ trip.date | date('d MMMM') }} {% if x is defined %}{{ x | date(format="HH:mm") }}{% endif %}
                {% for i in 1..3 %}{% for j in range(10, -2, -4) %}{% endfor %}{% endfor %}
                {% for k in range(1, n) %}{% endfor %}{{ y | date(pattern) }}""");

        assertThat(constants.dateFormats()).containsExactly("d MMMM", "HH:mm");
        assertThat(constants.ranges()).containsExactly(new TemplateVariables.Range(1, 3, 1),
                new TemplateVariables.Range(10, -2, -4));
        assertThat(TemplateVariables.constants("{{ broken ").dateFormats()).isEmpty();
    }

    @Test
    void aValueSetFromTwoCopiesOfItselfIsNamedOnceAndOneBuiltUpFromItselfOnceIsNot() {
        assertThat(TemplateVariables.constants("""
                {% set s = s ~ s %}{% set s = s ~ (s | upper) %}{% set l = [l, l] %}{% set m = {'a': m, 'b': m} %}
                {% set r = r | replace({'x': r}) %}{% set t = c ? t ~ t : t %}""").selfDoubling())
                .containsExactly("s", "l", "m", "r", "t");
        assertThat(TemplateVariables.constants("""
                {% set s = s ~ item %}{% set n = n + 1 %}{% set t = c ? t : t ~ '.' %}{% set u = s ~ s %}""")
                .selfDoubling()).isEmpty();
    }

    @Test
    void aDateFormatThatIsNoneOrReadsWrongOnSomeDaysIsNamed() {
        assertThat(DateFilter.patternProblem("EEEE d MMMM yyyy, HH:mm 'at' z")).isNull();
        assertThat(DateFilter.patternProblem("'Day' D")).contains("day of the year");
        assertThat(DateFilter.patternProblem("'Year' YYYY")).contains("week-based year");
        assertThat(DateFilter.patternProblem("YYYY 'week' w")).isNull();
        assertThat(DateFilter.patternProblem("yyyy-mm-dd")).contains("write M (MM)");
        assertThat(DateFilter.patternProblem("h:mm a")).isNull();
        // quoted text is not a pattern letter
        assertThat(DateFilter.patternProblem("d MMM 'Day'")).isNull();
        assertThat(DateFilter.patternProblem("d MMMM bbb")).contains("is not a date pattern");
    }
}
