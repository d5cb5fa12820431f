package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactWithinTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PT30M     | 30 minutes
            PT1H      | 1 hour
            PT1H30M   | 1 hour 30 minutes
            P1DT2H    | 1 day 2 hours
            PT1S      | 1 second
            PT0.5S    | 500 ms
            """)
    void theContactSlaIsSaidAsAnAgentReadsIt(String sla, String said) {
        LeadsProperties properties = new LeadsProperties(ZoneId.of("America/New_York"), Duration.parse(sla), 40,
                new LeadsProperties.OpsContact("ops", null, null), Duration.ofMinutes(1));

        assertThat(properties.contactWithin()).isEqualTo(said);
    }
}
