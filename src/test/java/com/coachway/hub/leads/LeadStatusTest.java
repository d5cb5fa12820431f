package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadStatusTest {

    @ParameterizedTest
    @CsvSource({"new,contacted,true", "new,qualified,true", "contacted,negotiating,true", "negotiating,converted,true",
            "new,dead,true", "negotiating,dead,true", "converted,dead,true", "contacted,new,false",
            "qualified,contacted,false", "converted,negotiating,false", "dead,new,false", "dead,contacted,false",
            "new,new,false", "dead,dead,false"})
    void onlyForwardAndDeadFromAnywhere(String from, String to, boolean allowed) {
        assertThat(LeadStatus.canMove(from, to)).isEqualTo(allowed);
    }
}
