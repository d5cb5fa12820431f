package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class ConditionTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final JsonNode data = read("""
            {"affects_vendor":true,"attempts":3,"label":"3","client":{"locale":"es"},"empty":null}""");

    @Test
    void equalsComparesValuesAndNumbersAsNumbers() {
        assertThat(condition("affects_vendor", "equals", F.booleanNode(true)).test(data)).isTrue();
        assertThat(condition("affects_vendor", "equals", F.booleanNode(false)).test(data)).isFalse();
        assertThat(condition("attempts", "equals", F.numberNode(3.0)).test(data)).isTrue();
        assertThat(condition("label", "equals", F.numberNode(3)).test(data)).isFalse();
        assertThat(condition("client.locale", "equals", F.textNode("es")).test(data)).isTrue();
        assertThat(condition("missing", "equals", F.booleanNode(false)).test(data)).isFalse();
        assertThat(condition("missing", "not_equals", F.booleanNode(true)).test(data)).isTrue();
    }

    @Test
    void orderingNeedsANumber() {
        assertThat(condition("attempts", "gte", F.numberNode(3)).test(data)).isTrue();
        assertThat(condition("attempts", "gt", F.numberNode(3)).test(data)).isFalse();
        assertThat(condition("label", "lte", F.numberNode(3)).test(data)).isTrue();
        assertThat(condition("client", "lt", F.numberNode(9)).test(data)).isFalse();
        assertThat(condition("missing", "lt", F.numberNode(9)).test(data)).isFalse();
    }

    @Test
    void membershipAndExistence() {
        assertThat(condition("client.locale", "in", F.arrayNode().add("en").add("es")).test(data)).isTrue();
        assertThat(condition("client.locale", "not_in", F.arrayNode().add("en")).test(data)).isTrue();
        assertThat(condition("empty", "exists", F.booleanNode(false)).test(data)).isTrue();
        assertThat(condition("client", "exists", F.booleanNode(true)).test(data)).isTrue();
    }

    @Test
    void aConditionVouchesForItsFieldExactlyWhenNoDataLackingItPasses() {
        JsonNode lacking = read("{\"client\":{},\"empty\":null}");
        java.util.List<Condition> conditions = java.util.List.of(condition("client.locale", "equals", F.textNode("es")),
                condition("client.locale", "not_equals", F.textNode("es")),
                condition("client.locale", "in", F.arrayNode().add("es")),
                condition("client.locale", "not_in", F.arrayNode().add("es")),
                condition("empty", "exists", F.booleanNode(true)), condition("empty", "exists", F.booleanNode(false)),
                condition("attempts", "gt", F.numberNode(0)), condition("attempts", "gte", F.numberNode(0)),
                condition("attempts", "lt", F.numberNode(9)), condition("attempts", "lte", F.numberNode(9)));
        for (Condition condition : conditions) {
            assertThat(condition.needsField()).as(condition.toString()).isEqualTo(!condition.test(lacking));
        }
        assertThat(conditions.stream().filter(Condition::needsField).map(Condition::operator))
                .containsExactly("equals", "in", "exists", "gt", "gte", "lt", "lte");
    }

    @Test
    void aConditionIsSaidInWords() {
        assertThat(Condition.words(java.util.List.of(condition("affects_vendor", "equals", F.booleanNode(true)),
                condition("client.locale", "in", F.arrayNode().add("es").add("pt")),
                condition("attempts", "gte", F.numberNode(3)), condition("note", "exists", F.booleanNode(false)))))
                .isEqualTo("affects_vendor is true and client.locale is one of [\"es\",\"pt\"] and attempts is at"
                        + " least 3 and note is absent");
        assertThat(condition("client.locale", "not_equals", F.textNode("en")).words())
                .isEqualTo("client.locale is not \"en\"");
        assertThat(condition("attempts", "lt", F.numberNode(2)).words()).isEqualTo("attempts is less than 2");
    }

    private static Condition condition(String field, String operator, JsonNode operand) {
        return new Condition(field, operator, operand);
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
