package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.coachway.hub.problem.FieldError;
import com.fasterxml.jackson.databind.ObjectMapper;

class DescribedOperationsFilterTest {

    private static final List<DescribedOperationsFilter.Operation> DESCRIBED = DescribedOperationsFilter
            .described(new ObjectMapper());

    @Test
    void everyOperationOfTheDescriptionIsKnownWithItsQueryParameters() {
        assertThat(operation("GET", "/api/v1/notifications").params()).containsExactly("recipient", "status",
                "template", "event_id", "lead_id", "since", "until", "scheduled", "page", "size");
        assertThat(operation("POST", "/api/v1/events").params()).isEmpty();
        assertThat(operation("GET", "/webhooks/whatsapp").params()).contains("hub.verify_token");
        assertThat(operation("POST", "/api/v1/notifications").body()).isTrue();
        assertThat(operation("POST", "/api/v1/notifications/ntf_1/resend").body()).isFalse();
        assertThat(operation("POST", "/ops/api/dead-letters/7/replay").body()).isTrue();
    }

    @Test
    void aLiteralPathWinsOverATemplateThatAlsoMatchesIt() {
        assertThat(operation("GET", "/api/v1/leads/pipeline").template()).isEqualTo("/api/v1/leads/pipeline");
        assertThat(operation("GET", "/api/v1/leads/lead_1").template()).isEqualTo("/api/v1/leads/{id}");
        assertThat(operation("GET", "/api/v1/consent/sms/+15555551234/history").template())
                .isEqualTo("/api/v1/consent/{channel}/{address}/history");
    }

    @Test
    void namesAreDecodedAndEachStrangerIsNamedOnce() {
        DescribedOperationsFilter.Operation list = operation("GET", "/ops/api/dead-letters");

        assertThat(DescribedOperationsFilter.unknown(list, "queue=q.notify&page=2&size&since=")).isEmpty();
        assertThat(DescribedOperationsFilter.unknown(list, "qeue=x&qeue=y&%71ueue=q.notify&&=x&%zz=1"))
                .extracting(FieldError::field).containsExactly("qeue", "%zz");
        assertThat(DescribedOperationsFilter.unknown(list, "x".repeat(5000) + "=1")).extracting(FieldError::field)
                .containsExactly("x".repeat(64) + "…");
        assertThat(DescribedOperationsFilter.unknown(operation("GET", "/ops/api/queues"), "x=1"))
                .containsExactly(new FieldError("x",
                        "is not a query parameter of GET /ops/api/queues, which takes none"));
    }

    private static DescribedOperationsFilter.Operation operation(String method, String path) {
        return DESCRIBED.stream().filter(operation -> operation.matches(method, path)).findFirst().orElseThrow();
    }
}
