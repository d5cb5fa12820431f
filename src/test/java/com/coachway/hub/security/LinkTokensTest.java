package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
    void aSealedTokenCarriesItsPayloadUnreadablyAndDiffersEachTime() {
        String payload = "u3|ntf_1|marketing|en|ana.ruiz@example.com";
        String token = tokens.seal(payload);
        assertThat(tokens.unseal(token)).hasValue(payload);
        assertThat(tokens.seal(payload)).isNotEqualTo(token);
        assertThat(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1))
                .doesNotContain("ana.ruiz", "marketing", "ntf_1");
        // each kind is read only as itself, and another secret reads nothing
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(tokens.unseal(tokens.sign(payload))).isEmpty();
        assertThat(new LinkTokens(new LinksProperties("another-secret")).unseal(token)).isEmpty();
    }

    @Test
    void noSealedTokenWithOneCharacterChangedOpens() {
        for (int n = 0; n < 20; n++) {
            String token = tokens.seal("u3|ntf_" + n + "|marketing|en|ana@example.com");
            for (int position : new int[]{0, 8, token.length() / 2, token.length() - 1}) {
                for (char c : ALPHABET.toCharArray()) {
                    if (c != token.charAt(position)) {
                        String changed = token.substring(0, position) + c + token.substring(position + 1);
                        assertThat(tokens.unseal(changed)).as(changed).isEmpty();
                    }
                }
            }
            assertThat(tokens.unseal(token.substring(1))).isEmpty();
            assertThat(tokens.unseal(token + "A")).isEmpty();
        }
        for (String junk : new String[]{"", "A", "AAAA", "!!", "a.b", "x".repeat(600)}) {
            assertThat(tokens.unseal(junk)).as(junk).isEmpty();
        }
    }

    @Test
    void withoutASecretTheHubDoesNotStart() {
        assertThatThrownBy(() -> new LinkTokens(new LinksProperties(" "))).hasMessageContaining("hub.links.secret");
    }
}
