package com.coachway.hub.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests the way Twilio and Meta document it, written from their documentation and independent of
 * the hub's own checks, so a test catches a hub that verifies the wrong thing.
 */
public final class ProviderWebhooks {

    public static final String TWILIO_AUTH_TOKEN = "test-auth-token";
    public static final String META_APP_SECRET = "test-meta-app-secret";
    public static final String META_VERIFY_TOKEN = "test-meta-verify-token";
    public static final String PUBLIC_BASE_URL = "https://hub.coachway.example";

    private ProviderWebhooks() {
    }

    /** Base64 HMAC-SHA1 over the URL, then each parameter name and value, names sorted. */
    public static String twilioSignature(String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", TWILIO_AUTH_TOKEN, data.toString()));
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of the raw body. */
    public static String metaSignature(String body) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", META_APP_SECRET, body));
    }

    /** The form body a map encodes to. */
    public static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static byte[] hmac(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
