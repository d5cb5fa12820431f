package com.coachway.hub.leads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import com.coachway.hub.Sha256;
import com.coachway.hub.leads.LeadAmendment.Detail;

/**
 * What a repeat enquiry told that its open lead did not: details it added to the lead, and details it gave otherwise
 * than the lead has them (a bigger group, another date, the customer's new words), which the lead keeps as they are
 * (the agent may have corrected them on a call) but which must not be lost.
 *
 * @param said each such detail, in the order of {@link Detail}
 */
record RepeatEnquiry(List<Said> said) {

    /**
     * One detail of a repeat enquiry.
     *
     * @param field the detail's API name
     * @param value what the enquiry gave, whole (a trip description is the customer's own words)
     * @param leadHas what the lead has instead, shortened; null when the lead had nothing
     * @param added whether it is now on the lead
     */
    record Said(String field, String value, String leadHas, boolean added) {

        String activity() {
            return added
                    ? field + ": none → " + value
                    : field + ": " + value + (leadHas == null
                            ? " (not added: another open lead has it)"
                            : " (the lead has " + leadHas + ")");
        }
    }

    /**
     * The repeat enquiry {@code draft} made of the open lead that was {@code before} and is {@code after} (with what
     * it lacked filled in).
     */
    static RepeatEnquiry of(Lead before, Lead after, LeadDraft draft) {
        Lead given = LeadAmendment.given(before, draft);
        List<Said> said = new ArrayList<>();
        for (Detail detail : Detail.values()) {
            Object value = detail.of(given);
            Object had = detail.of(before);
            if (value == null || same(value, had)) {
                continue;
            }
            said.add(new Said(detail.wire(), value.toString().strip(), had == null ? null : LeadAmendment.shown(had),
                    had == null && detail.of(after) != null));
        }
        return new RepeatEnquiry(List.copyOf(said));
    }

    boolean isEmpty() {
        return said.isEmpty();
    }

    /** The lead activity's words after "the same customer asked again (…)"; empty when it told nothing new. */
    String activity() {
        String added = joined(true);
        String otherwise = joined(false);
        return (otherwise.isEmpty() ? "" : "; said otherwise, the lead keeps its own: " + otherwise)
                + (added.isEmpty() ? "" : "; added what the lead lacked: " + added);
    }

    /** Stands for what it said: the same words a second time are not news to anyone. */
    String fingerprint() {
        return Sha256.hex(said.stream().map(Said::activity).collect(Collectors.joining("\n")));
    }

    private String joined(boolean added) {
        return said.stream().filter(s -> s.added() == added).map(Said::activity).collect(Collectors.joining("; "));
    }

    // "Boston, MA" and "boston,  ma" say the same; a date or a number is compared as it is
    private static boolean same(Object value, Object had) {
        if (value instanceof String text && had instanceof String other) {
            return plain(text).equals(plain(other));
        }
        return Objects.equals(value, had);
    }

    private static String plain(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
