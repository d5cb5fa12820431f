package com.coachway.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PushOutcomeTest {

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({"200,DONE", "201,DONE", "202,DONE", "204,DONE", "299,DONE", "409,DONE", "400,PARK", "401,PARK",
            "403,PARK", "404,PARK", "410,PARK", "413,PARK", "422,PARK", "499,PARK", "408,RETRY", "429,RETRY",
            "500,RETRY", "502,RETRY", "503,RETRY", "504,RETRY", "599,RETRY", "301,RETRY", "304,RETRY", "100,RETRY"})
    void eachAnswerHasOneOutcome(int status, PushOutcome outcome) {
        assertThat(PushOutcome.of(status)).isEqualTo(outcome);
    }

    @Test
    void aRetriedAnswerCarriesItsStatusAsTheCodeOpsSeeAndNoAnswerCarriesNone() {
        assertThat(new OutboundPusher.DestinationTrouble(503, "HTTP 503 from charter: busy", null).providerCode())
                .isEqualTo("HTTP 503");
        assertThat(new OutboundPusher.DestinationTrouble(null, "no answer from charter: timeout", null).providerCode())
                .isNull();
    }
}
