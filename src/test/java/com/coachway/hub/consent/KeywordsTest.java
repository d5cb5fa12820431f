package com.coachway.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
    @ValueSource(strings = {"stop please", "please stop", "STOP ALL", "Stop it!", "STOP STOP", "STOP. Thanks",
            "Please stop texting me 🙏", "STOP🙏", "opt out", "Opt-out please", "unsubscribe me", "Stop, unsubscribe",
            "stop sending me messages", "ＳＴＯＰ ＰＬＥＡＳＥ", "Stop now, thank you."})
    void aShortPhraseAskingToStopIsAnOptOut(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Keywords.Intent.OPT_OUT);
        assertThat(Keywords.inAPhrase(body)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP", " Stop. ", "ＳＴＯＰ", "Unsubscribe…", "optout"})
    void aLoneKeywordIsNotAPhrase(String body) {
        assertThat(Keywords.inAPhrase(body)).isFalse();
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
    @ValueSource(strings = {"S T O P", "STOPP", "Stop?!x", "yes please", "Yes.", "Yes!", "start.", "Help!", "...", "!",
            "help me", "STO P", "'; DROP TABLE suppressions; --", "Cancel please", "cancel my trip", "END it now",
            "Stop at Main St please", "Don't stop", "please", "all of you", "You can stop now", "stop start",
            "Can you stop the bus at 5th?", "stop help", "opt in"})
    void anythingElseIsAMessage(String body) {
        assertThat(Keywords.of(body)).isEqualTo(Keywords.Intent.NONE);
        assertThat(Keywords.keyword(body)).isNull();
    }

    @Test
    void twilioOptOutTypesNameKeywordsAndNothingElseDoes() {
        for (String type : new String[]{"STOP", "START", "HELP", "stop"}) {
            assertThat(Keywords.names(type)).as(type).isTrue();
        }
        for (String type : new String[]{null, "", "MAYBE", "Stop at Main St"}) {
            assertThat(Keywords.names(type)).as(type).isFalse();
        }
    }

    @Test
    void aMarketingStopPhraseIsTheWholeMessageReadAsAKeywordIs() {
        List<String> phrases = List.of("Stop promotions", "Detener promociones");
        for (String body : List.of("Stop promotions", " stop  PROMOTIONS!\n", "Ｓｔｏｐ promotions",
                "detener promociones.")) {
            assertThat(Keywords.isOneOf(body, phrases)).as(body).isTrue();
        }
        for (String body : new String[]{null, "", "Stop", "Stop promotions please", "Please stop promotions",
                "Stop promotion"}) {
            assertThat(Keywords.isOneOf(body, phrases)).as(body).isFalse();
        }
        assertThat(Keywords.isOneOf("Stop promotions", List.of())).isFalse();
        assertThat(Keywords.isOneOf(" !", List.of("Stop promotions", " "))).as("nothing said").isFalse();
    }

    @Test
    void theKeywordIsReportedUpperCasedAndClean() {
        assertThat(Keywords.keyword(" ＳＴＯＰ\u200b")).isEqualTo("STOP");
        assertThat(Keywords.keyword("STOP" + " ".repeat(100))).isEqualTo("STOP");
        assertThat(Keywords.keyword("STOP" + "\u200b".repeat(100))).isNull();
        assertThat(Keywords.keyword(" Stop. ")).isEqualTo("STOP");
        assertThat(Keywords.keyword("Yes.")).isNull();
        assertThat(Keywords.keyword("Please stop texting me")).isEqualTo("STOP");
        assertThat(Keywords.keyword("opt-out please")).isEqualTo("OPTOUT");
    }
}
