package com.coachway.hub.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationStatusTest {

    @ParameterizedTest
    @CsvSource({
            // what providers and recipients report moves a sent message forward
            "sent, delivered, true", "sent, undelivered, true", "sent, failed, true", "sent, read, true",
            "sent, opened, true", "sent, clicked, true", "sent, bounced, true", "delivered, read, true",
            "undelivered, delivered, true", "opened, clicked, true", "delivered, clicked, true",
            // never backwards, never sideways, never twice
            "delivered, sent, false", "delivered, delivered, false", "read, delivered, false",
            "failed, delivered, false", "delivered, failed, false", "clicked, opened, false",
            "bounced, delivered, false", "undelivered, sent, false",
            // a report cannot move what the hub has not handed over, or has ended itself
            "queued, delivered, false", "sending, delivered, false", "blocked, delivered, false",
            "parked, delivered, false", "cancelled, read, false", "sent, queued, false", "sent, blocked, false",
            "sent, nonsense, false"})
    void reportsOnlyMoveForward(String current, String next, boolean forward) {
        // a name the hub does not know is no status at all, so it moves nothing
        boolean moves = NotificationStatus.of(next).map(NotificationStatus.stored(current)::isForward).orElse(false);
        assertThat(moves).isEqualTo(forward);
    }

    @ParameterizedTest
    @CsvSource({"queued, false", "sending, false", "sent, false", "undelivered, false", "delivered, true",
            "read, true", "opened, true", "clicked, true", "failed, true", "bounced, true", "blocked, true",
            "parked, true", "cancelled, true"})
    void terminalStatusesAreTheOnesNeverLeft(String status, boolean terminal) {
        assertThat(NotificationStatus.stored(status).terminal()).isEqualTo(terminal);
    }

    @Test
    void wireNamesAreTheContractsLowerCaseNames() {
        assertThat(NotificationStatus.NAMES).containsExactly("queued", "sending", "sent", "delivered", "read",
                "opened", "clicked", "undelivered", "failed", "bounced", "blocked", "parked", "cancelled");
        assertThat(NotificationStatus.of("Delivered")).isEmpty();
    }
}
