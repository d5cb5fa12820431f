package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkTokensTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final LinkTokens tokens = new LinkTokens(new LinksProperties("a-test-secret"));

    @Test
    void aTokenCarriesItsPayload() {
        assertThat(tokens.verify(tokens.sign("u1|ntf_1|marketing|ana@example.com")))
                .hasValue("u1|ntf_1|marketing|ana@example.com");
    }

    @Test
    void noTokenWithOneCharacterChangedVerifies() {
        for (int n = 0; n < 50; n++) {
            String token = tokens.sign("u1|ntf_" + n + "|marketing|ana@example.com");
            // the last character holds spare bits a lenient decoder ignores: every other character there is refused
            for (int position : new int[]{0, token.indexOf('.') + 1, token.length() - 1}) {
                for (char c : ALPHABET.toCharArray()) {
                    if (c != token.charAt(position)) {
                        String changed = token.substring(0, position) + c + token.substring(position + 1);
                        assertThat(tokens.verify(changed)).as(changed).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void withoutASecretTheHubDoesNotStart() {
        assertThatThrownBy(() -> new LinkTokens(new LinksProperties(" "))).hasMessageContaining("hub.links.secret");
    }
}
