package com.coachway.hub.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class VariantChooserTest {

    private static Map<String, TemplateContent.Variant> weights(int a, int b) {
        Map<String, TemplateContent.Variant> variants = new LinkedHashMap<>();
        variants.put("A", new TemplateContent.Variant(a, null, null, null));
        variants.put("B", new TemplateContent.Variant(b, null, null, null));
        return variants;
    }

    @Test
    void theSameRecipientAlwaysGetsTheSameVariant() {
        Map<String, TemplateContent.Variant> variants = weights(50, 50);
        String first = VariantChooser.choose("quote_sent", "ana@example.com", variants);
        for (int i = 0; i < 100; i++) {
            assertThat(VariantChooser.choose("quote_sent", "ana@example.com", variants)).isEqualTo(first);
        }
    }

    @Test
    void weightsAreHonouredAcrossRecipients() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(VariantChooser.choose("quote_sent", "person" + i + "@example.com", weights(90, 10)), 1,
                    Integer::sum);
        }
        assertThat(counts.get("A")).isBetween(17_600, 18_400);
        assertThat(counts.get("B")).isBetween(1_600, 2_400);
    }

    @Test
    void differentTemplatesSplitIndependently() {
        int same = 0;
        for (int i = 0; i < 2_000; i++) {
            String key = "p" + i;
            if (VariantChooser.choose("quote_sent", key, weights(50, 50))
                    .equals(VariantChooser.choose("seasonal_offer", key, weights(50, 50)))) {
                same++;
            }
        }
        assertThat(same).isBetween(850, 1150);
    }

    @Test
    void noVariantsMeansNoChoice() {
        assertThat(VariantChooser.choose("t", "k", Map.of())).isNull();
        assertThat(VariantChooser.choose("t", null, weights(1, 1))).isIn("A", "B");
    }
}
