package com.coachway.hub.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** What a repeat enquiry tells its open lead, in plain JUnit. */
class RepeatEnquiryTest {

    private static final LocalDate DATE = LocalDate.of(2027, 5, 22);

    private static Lead lead(String email, String phone, Integer passengers, LocalDate date, String pickup) {
        return new Lead("lead_1", "Maria", "Gomez", email, phone, "web", "Wedding shuttle", passengers, date, pickup,
                null, "new", "sam", Instant.EPOCH, false, false, Instant.EPOCH, Instant.EPOCH);
    }

    private static LeadDraft draft(String email, String phone, Integer passengers, LocalDate date, String pickup,
            String details) {
        return new LeadDraft("maria", "GOMEZ", email, phone, "phone", details, passengers, date, pickup, null);
    }

    @Test
    void theSameFormAgainInOtherCaseAndSpacingTellsNothing() {
        Lead lead = lead("maria@example.com", null, 45, DATE, "Marriott Copley, Boston");

        RepeatEnquiry repeat = RepeatEnquiry.of(lead, lead,
                draft("maria@example.com", null, 45, DATE, "marriott  copley, boston ", " wedding   shuttle"));

        assertThat(repeat.isEmpty()).isTrue();
        assertThat(repeat.activity()).isEmpty();
    }

    @Test
    void whatTheLeadLackedIsAddedAndWhatItHadIsKeptBesideTheRepeatsWords() {
        Lead before = lead("maria@example.com", null, 45, null, "Boston");
        Lead after = lead("maria@example.com", null, 45, DATE, "Boston"); // the date filled in; the phone was not

        RepeatEnquiry repeat = RepeatEnquiry.of(before, after,
                draft(null, "+16175550199", 50, DATE, "Boston", "We are 50 now, with a stop in Salem"));

        assertThat(repeat.said()).extracting(RepeatEnquiry.Said::activity)
                .containsExactly("phone: +16175550199 (not added: another open lead has it)",
                        "trip_details: We are 50 now, with a stop in Salem (the lead has Wedding shuttle)",
                        "estimated_passengers: 50 (the lead has 45)", "estimated_trip_date: none → 2027-05-22");
        assertThat(repeat.activity()).isEqualTo("; said otherwise, the lead keeps its own: "
                + "phone: +16175550199 (not added: another open lead has it); "
                + "trip_details: We are 50 now, with a stop in Salem (the lead has Wedding shuttle); "
                + "estimated_passengers: 50 (the lead has 45); added what the lead lacked: "
                + "estimated_trip_date: none → 2027-05-22");
    }

    @Test
    void theSameNewsTwiceHasOneFingerprintAndOtherNewsAnother() {
        Lead lead = lead("maria@example.com", null, 45, DATE, null);

        String once = RepeatEnquiry.of(lead, lead, draft(null, null, 50, null, null, null)).fingerprint();
        String twice = RepeatEnquiry.of(lead, lead, draft(null, null, 50, null, null, null)).fingerprint();
        String other = RepeatEnquiry.of(lead, lead, draft(null, null, 52, null, null, null)).fingerprint();

        assertThat(twice).isEqualTo(once);
        assertThat(other).isNotEqualTo(once);
    }
}
