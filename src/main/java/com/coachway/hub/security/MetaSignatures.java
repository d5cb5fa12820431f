package com.coachway.hub.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import com.coachway.hub.providers.MetaProperties;

/**
 * Meta's webhook checks: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app
 * secret>} on POSTs, and the verify token of the subscription handshake. Both compared in constant time.
 */
@Component
public class MetaSignatures {

    private static final String PREFIX = "sha256=";

    private final byte[] appSecret;
    private final byte[] verifyToken;

    public MetaSignatures(MetaProperties meta) {
        this.appSecret = bytes(meta.appSecret());
        this.verifyToken = bytes(meta.verifyToken());
    }

    /** Whether the body carries Meta's signature. */
    public boolean valid(byte[] body, String header) {
        if (appSecret == null || header == null || !header.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(presented, sign(body));
    }

    /** Whether a handshake presented the configured verify token. */
    public boolean verifyTokenMatches(String presented) {
        return verifyToken != null && presented != null
                && MessageDigest.isEqual(verifyToken, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature Meta would send for a body. */
    public byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret == null ? new byte[1] : appSecret, "HmacSHA256"));
            return mac.doFinal(body == null ? new byte[0] : body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] bytes(String text) {
        return text == null || text.isBlank() ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
