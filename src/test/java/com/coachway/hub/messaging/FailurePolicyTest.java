package com.coachway.hub.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class FailurePolicyTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FailurePolicy policy = new FailurePolicy(
            new RetryProperties(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15))),
            meters, Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));

    /** A failure a provider gave a code to, wrapped as Camel wraps what a bean throws. */
    private static final class Coded extends RuntimeException implements ProviderCoded {

        private final String code;

        Coded(String code) {
            super("twilio " + code + ": unreachable handset");
            this.code = code;
        }

        @Override
        public String providerCode() {
            return code;
        }
    }

    @Test
    void theProvidersCodeOfTheLastFailureTravelsWithTheMessage() {
        Map<String, Object> headers = new HashMap<>();

        policy.stamp(headers, policy.decide(headers, "q.deliver.sms", new RuntimeException("wrapped",
                new Coded("30003"))));
        assertThat(headers).containsEntry(HubHeaders.PROVIDER_CODE, "30003");

        // the next attempt fails without a code: the old one says nothing about it
        policy.stamp(headers, policy.decide(headers, "q.deliver.sms", new IllegalStateException("timeout")));
        assertThat(headers).doesNotContainKey(HubHeaders.PROVIDER_CODE);
    }

    @Test
    void transientFailuresClimbTheTiersThenPark() {
        Map<String, Object> headers = new HashMap<>();
        Received received = new Received("m-1", null, null, "hub.events", "charter.confirmed");
        Exception outage = new IllegalStateException("provider answered 503");

        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FailureDecision decision = policy.decide(headers, "q.router", received, outage);
            policy.stamp(headers, decision);
            keys.add(decision.routingKey());
            // the retried message arrives from hub.work with another routing key: the original must survive
            received = new Received("m-1", null, null, "hub.work", "q.router");
        }

        assertThat(keys).containsExactly("q.router.retry.1", "q.router.retry.2", "q.router.retry.3",
                "q.router.parked");
        assertThat(headers).containsEntry(HubHeaders.ATTEMPT, 4)
                .containsEntry(HubHeaders.ORIGINAL_EXCHANGE, "hub.events")
                .containsEntry(HubHeaders.ORIGINAL_ROUTING_KEY, "charter.confirmed")
                .containsEntry(HubHeaders.ORIGINAL_QUEUE, "q.router")
                .containsEntry(HubHeaders.FIRST_FAILURE, "2026-03-01T10:00:00Z")
                .containsEntry(HubHeaders.FAILURE_KIND, "transient");
        assertThat((String) headers.get(HubHeaders.FAILURE_REASON))
                .isEqualTo("retries exhausted after 4 attempts: IllegalStateException: provider answered 503");
        assertThat(meters.counter("hub.messages.failed", "queue", "q.router", "outcome", "retried").count())
                .isEqualTo(3);
        assertThat(meters.counter("hub.messages.failed", "queue", "q.router", "outcome", "parked").count())
                .isEqualTo(1);
    }

    @Test
    void aDatabaseOrBrokerOutageWaitsWithoutSpendingAttemptsHoweverLongItLasts() {
        List<Exception> outages = List.of(
                new DataAccessResourceFailureException("db down", new SQLException("refused")),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction"),
                new UncategorizedSQLException("insert", "INSERT", new SQLException("terminating connection", "57P01")),
                new IllegalStateException("wrapped", new SQLException("connection attempt failed", "08001")),
                new org.springframework.amqp.AmqpConnectException(new java.net.ConnectException("refused")));
        for (Exception outage : outages) {
            Map<String, Object> headers = new HashMap<>(Map.of(HubHeaders.ATTEMPT, 2));
            for (int i = 0; i < 10; i++) {
                FailureDecision decision = policy.decide(headers, "q.notify", outage);
                policy.stamp(headers, decision);
                assertThat(decision.routingKey()).as(outage.toString()).isEqualTo("q.notify.retry.1");
                assertThat(decision.parked()).isFalse();
                assertThat(decision.reason()).startsWith("infrastructure unavailable: ");
            }
            assertThat(headers).as(outage.toString()).containsEntry(HubHeaders.ATTEMPT, 2);
        }
        // a failure of the message's own, from the database, still spends its attempt
        FailureDecision constraint = policy.decide(new HashMap<>(), "q.notify",
                new DataIntegrityViolationException("duplicate key"));
        assertThat(constraint.routingKey()).isEqualTo("q.notify.retry.1");
        assertThat(constraint.attempt()).isEqualTo(1);
        assertThat(constraint.kind()).isEqualTo("transient");
    }

    @Test
    void deferredWorkWaitsInTheFirstTierAsOftenAsItTakesWithoutSpendingAttempts() {
        Map<String, Object> headers = new HashMap<>(Map.of(HubHeaders.ATTEMPT, 1));

        for (int i = 0; i < 10; i++) {
            FailureDecision decision = policy.decide(headers, "q.outbound.charter",
                    new IllegalStateException("wrapped", new DeferredWork("circuit of charter is open")));
            policy.stamp(headers, decision);
            assertThat(decision.parked()).isFalse();
            assertThat(decision.routingKey()).isEqualTo("q.outbound.charter.retry.1");
        }

        assertThat(headers).containsEntry(HubHeaders.ATTEMPT, 1).containsEntry(HubHeaders.FAILURE_KIND, "deferred")
                .containsEntry(HubHeaders.FAILURE_REASON, "circuit of charter is open");
        assertThat(meters.counter("hub.messages.failed", "queue", "q.outbound.charter", "outcome", "deferred")
                .count()).isEqualTo(10);
        // a real failure afterwards climbs on from where the message was
        FailureDecision next = policy.decide(headers, "q.outbound.charter", new RuntimeException("503"));
        assertThat(next.routingKey()).isEqualTo("q.outbound.charter.retry.2");
    }

    @Test
    void permanentFailureParksAtOnceEvenWhenWrapped() {
        Map<String, Object> headers = new HashMap<>();

        FailureDecision decision = policy.decide(headers, "q.ingress",
                new RuntimeException("bean failed", new PermanentFailure("not a CloudEvent")));

        assertThat(decision.parked()).isTrue();
        assertThat(decision.routingKey()).isEqualTo("q.ingress.parked");
        assertThat(decision.exchange()).isEqualTo("hub.parking");
        assertThat(decision.attempt()).isEqualTo(1);
        assertThat(decision.reason()).isEqualTo("not a CloudEvent");
        assertThat(decision.kind()).isEqualTo("permanent");
    }

    @Test
    void theReasonNamesTheFailureNotTheCamelWrapperAroundIt() {
        Map<String, Object> headers = new HashMap<>();
        IllegalStateException cause = new IllegalStateException("cannot ask twilio about the previous attempt");

        FailureDecision decision = policy.decide(headers, "q.deliver.sms",
                new org.apache.camel.language.bean.RuntimeBeanExpressionException(null, "deliveryService",
                        "begin(${exchangeProperty.hubWork})", cause));

        assertThat(decision.reason())
                .isEqualTo("IllegalStateException: cannot ask twilio about the previous attempt");
    }

    @Test
    void aProvidersFailureIsGivenInItsOwnWordsWithoutTheExceptionsName() {
        class Refused extends RuntimeException implements ProviderCoded {
            Refused() {
                super("smtp connection: Couldn't connect to host, port: localhost, 2526");
            }

            @Override
            public String providerCode() {
                return null;
            }
        }

        FailureDecision decision = policy.decide(new HashMap<>(Map.of(HubHeaders.ATTEMPT, "9")), "q.deliver.email",
                new Refused());

        assertThat(decision.reason())
                .isEqualTo("retries exhausted after 10 attempts: smtp connection: Couldn't connect to host, port: "
                        + "localhost, 2526");
    }

    @Test
    void decidingChangesNothingUntilStamped() {
        Map<String, Object> headers = new HashMap<>(Map.of(HubHeaders.ATTEMPT, "2"));

        FailureDecision decision = policy.decide(headers, "q.notify", new IllegalStateException());

        assertThat(headers).containsOnlyKeys(HubHeaders.ATTEMPT);
        assertThat(decision.attempt()).isEqualTo(3);
        assertThat(decision.routingKey()).isEqualTo("q.notify.retry.3");
    }

    @Test
    void garbageAttemptHeadersCountAsZeroAndReasonsAreBounded() {
        Map<String, Object> headers = new HashMap<>(Map.of(HubHeaders.ATTEMPT, "lots"));

        FailureDecision decision = policy.decide(headers, "q.notify", new IllegalStateException("x".repeat(5000)));

        assertThat(decision.attempt()).isEqualTo(1);
        assertThat(decision.reason()).hasSizeLessThanOrEqualTo(FailurePolicy.MAX_REASON_LENGTH + 1);
    }
}
