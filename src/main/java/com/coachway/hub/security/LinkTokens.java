package com.coachway.hub.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Tokens for links in messages. Signed ones (tracking) are {@code <payload>.<signature>}, base64url, HMAC-SHA256: a
 * token altered by a single character does not verify, so a link can only ever point at what the hub signed. Sealed
 * ones (unsubscribe, which must name the address) are AES-GCM, base64url, without a dot: nobody without the secret
 * can read them either, so an address is never legible in a URL a proxy, a link scanner or a browser history keeps.
 */
@Component
public class LinkTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int LONGEST = 512;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] secret;
    private final SecretKeySpec sealKey;
    private final SecureRandom random = new SecureRandom();

    public LinkTokens(LinksProperties links) {
        String secret = links.secret();
        if (secret == null || secret.isBlank()) {
            // a secret of its own per instance would make about half the links of a cluster 404
            throw new IllegalStateException("hub.links.secret is required: it signs unsubscribe and tracking links "
                    + "and must be the same on every instance. Set HUB_LINKS_SECRET (only the dev profile has one).");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        // a key of its own, derived from the one secret ops configure: sealing and signing never share a key
        this.sealKey = new SecretKeySpec(mac("link-seal-key"), "AES");
    }

    /** A token carrying {@code payload}. */
    public String sign(String payload) {
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + ENCODER.encodeToString(mac(encoded));
    }

    /** The payload of a genuine token; empty for anything forged, altered or malformed. */
    public Optional<String> verify(String token) {
        if (token == null || token.length() > LONGEST) {
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

    /** A token carrying {@code payload} that only the hub can read, different each time for the same payload. */
    public String seal(String payload) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            byte[] token = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, token, NONCE_BYTES, sealed.length);
            return ENCODER.encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The payload of a genuine sealed token; empty for anything forged, altered, malformed or only signed. */
    public Optional<String> unseal(String token) {
        if (token == null || token.length() > LONGEST || token.indexOf('.') >= 0) {
            return Optional.empty();
        }
        try {
            byte[] bytes = DECODER.decode(token);
            // spare bits of the last character are ignored by the decoder: only the one spelling of the bytes is
            // the token
            if (bytes.length <= NONCE_BYTES + TAG_BITS / 8 || !ENCODER.encodeToString(bytes).equals(token)) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            byte[] payload = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
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
