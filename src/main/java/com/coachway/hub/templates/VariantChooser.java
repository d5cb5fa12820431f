package com.coachway.hub.templates;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.coachway.hub.Sha256;

/**
 * Picks an A/B variant by weight, the same one every time for the same recipient and template: a hash of both
 * chooses a point on the weight line, so a person never sees version A today and B tomorrow.
 */
public final class VariantChooser {

    private VariantChooser() {
    }

    /** The variant for this recipient, or null when the template has no variants. */
    public static String choose(String template, String recipientKey, Map<String, TemplateContent.Variant> variants) {
        if (variants == null || variants.isEmpty()) {
            return null;
        }
        long total = variants.values().stream().mapToLong(TemplateContent.Variant::weight).sum();
        if (total <= 0) {
            return null;
        }
        long point = Long.remainderUnsigned(hash(template + "\n" + (recipientKey == null ? "" : recipientKey)), total);
        long seen = 0;
        String last = null;
        for (Map.Entry<String, TemplateContent.Variant> entry : variants.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .toList()) {
            seen += entry.getValue().weight();
            last = entry.getKey();
            if (point < seen) {
                return entry.getKey();
            }
        }
        return last;
    }

    private static long hash(String text) {
        byte[] digest = Sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value;
    }
}
