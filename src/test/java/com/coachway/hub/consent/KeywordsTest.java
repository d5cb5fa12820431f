package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop\n", "\tSTOPALL ", "unsubscribe", "Cancel", "END", "quit", "OPTOUT",
            "revoke", "STOP\u0000", "\u202eSTOP", "\u200bSTOP\u200b", "ＳＴＯＰ", "\u00a0stop\u00a0", "Stop.", "STOP!",
            "stop!!!", "\"Stop\"", "¡Stop!", "STOP. ", "Unsubscribe…", "*STOP*"})
    void optOuts(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Keywords.Intent.OPT_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "yes", " Unstop "})
    void optIns(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Keywords.Intent.OPT_IN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELP", "info", " Help "})
    void help(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Keywords.Intent.HELP);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"stop please", "please stop", "S T O P", "STOP STOP", "STOPP", "STOP. Thanks", "Stop?!x",
            "yes please", "Yes.", "Yes!", "start.", "Help!", "...", "!",
            "help me", "STO P", "'; DROP TABLE suppressions; --"})
    void anythingElseIsAMessage(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Keywords.Intent.NONE);
        assertThat(Keywords.keyword(body)).isNull();
    }

    @Test
    void theKeywordIsReportedUpperCasedAndClean() {
        assertThat(Keywords.keyword(" ＳＴＯＰ\u200b")).isEqualTo("STOP");
        assertThat(Keywords.keyword("STOP" + " ".repeat(100))).isEqualTo("STOP");
        assertThat(Keywords.keyword("STOP" + "\u200b".repeat(100))).isNull();
        assertThat(Keywords.keyword(" Stop. ")).isEqualTo("STOP");
        assertThat(Keywords.keyword("Yes.")).isNull();
    }
}
