package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ana Ruiz", " Ana Ruiz ", "Ana\r\nRuiz", "Ana\n\nRuiz\n", "Ana\tRuiz", "Ana\u2028Ruiz",
            "Ana\u0000Ruiz", "Ana \u000b\u000c Ruiz"})
    void aNameIsOneLineWhereverItIsPrinted(String name) {
        assertThat(new Recipient(name, "+15555550100", null, "en").name()).isEqualTo("Ana Ruiz");
    }

    @ParameterizedTest
    @ValueSource(strings = {"José Núñez", "O'Brien-Smith", "李 小龙", "Ana  Ruiz"})
    void aNameOnOneLineKeepsItsLettersAndOnlyLosesExtraSpace(String name) {
        assertThat(new Recipient(name, null, "a@example.com", "en").name())
                .isEqualTo(name.replace("  ", " "));
    }
}
