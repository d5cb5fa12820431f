package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** When a repeated event tells a recipient nothing new: the data agree wherever the template reads it. */
class SameNewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> READS = Set.of("charter_id", "trip.date", "trip.pickup_time", "legs",
            "legs[].from", "recipient.name", "scheduled.trip_reminder");

    private static boolean same(String before, String now) throws Exception {
        return SameNews.same(JSON.readTree(before), JSON.readTree(now), READS);
    }

    @Test
    void whatNoTemplateReadsIsNoNews() throws Exception {
        assertThat(same("{\"charter_id\":7,\"trip\":{\"date\":\"2027-01-20\"}}",
                "{\"charter_id\":7,\"exported_at\":\"2026-12-08T02:00:00Z\",\"trip\":{\"date\":\"2027-01-20\","
                        + "\"vehicle\":\"MCI J4500\"}}"))
                .isTrue();
        // nor what the hub adds: the recipient it is for, and whether a reminder is still to come
        assertThat(same("{\"charter_id\":7,\"scheduled\":{\"trip_reminder\":\"2027-01-19T14:00:00Z\"}}",
                "{\"charter_id\":7}")).isTrue();
    }

    @Test
    void aValueTheTemplateReadsChangedAddedOrRemovedIsNews() throws Exception {
        assertThat(same("{\"charter_id\":7,\"trip\":{\"date\":\"2027-01-20\"}}",
                "{\"charter_id\":7,\"trip\":{\"date\":\"2027-01-21\"}}")).isFalse();
        assertThat(same("{\"charter_id\":7,\"trip\":{\"date\":\"2027-01-20\"}}",
                "{\"charter_id\":7,\"trip\":{\"date\":\"2027-01-20\",\"pickup_time\":\"08:30\"}}")).isFalse();
        assertThat(same("{\"charter_id\":7,\"legs\":[{\"from\":\"Boston\"},{\"from\":\"Salem\"}]}",
                "{\"charter_id\":7,\"legs\":[{\"from\":\"Boston\"}]}")).isFalse();
    }

    @Test
    void aValueWrittenAsANumberOrAStringAndAMissingOrNullOneSayTheSame() throws Exception {
        assertThat(same("{\"charter_id\":7,\"trip\":null}", "{\"charter_id\":\"7\"}")).isTrue();
        JsonNode data = JSON.readTree("{\"charter_id\":7}");
        assertThat(SameNews.same(data, data, Set.of())).isTrue();
    }
}
