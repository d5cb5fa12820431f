package com.coachway.hub.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * HMAC-signed tokens for links in messages (unsubscribe, tracking): {@code <payload>.<signature>}, base64url. A token
 * that was altered by a single character does not verify, so a link can only ever point at what the hub signed.
 */
@Component
public class LinkTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] secret;

    public LinkTokens(LinksProperties links) {
        String secret = links.secret();
        if (secret == null || secret.isBlank()) {
            // a secret of its own per instance would make about half the links of a cluster 404
            throw new IllegalStateException("hub.links.secret is required: it signs unsubscribe and tracking links "
                    + "and must be the same on every instance. Set HUB_LINKS_SECRET (only the dev profile has one).");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A token carrying {@code payload}. */
    public String sign(String payload) {
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + ENCODER.encodeToString(mac(encoded));
    }

    /** The payload of a genuine token; empty for anything forged, altered or malformed. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encoded = token.substring(0, dot);
        try {
            // the text itself, not its decoded bytes: base64 decoders ignore the spare bits of the last character,
            // so a token with that character changed would decode to the same signature
            byte[] signature = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(signature,
                    ENCODER.encodeToString(mac(encoded)).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            return Optional.of(new String(DECODER.decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A keyed, one-way digest of a value that must not be stored as it is (a client's IP): equal values give equal
     * digests, so they can be counted, but without the secret nobody can test a guess.
     */
    public String keyedHash(String purpose, String value) {
        return java.util.HexFormat.of().formatHex(mac(purpose + "|" + value), 0, 16);
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
