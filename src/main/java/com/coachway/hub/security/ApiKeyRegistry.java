package com.coachway.hub.security;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.Sha256;

/**
 * The configured API keys, held only as SHA-256 digests. A presented key is hashed and looked up, so the plain key
 * never sits in memory longer than the request and timing reveals nothing about stored keys.
 */
@Component
class ApiKeyRegistry {

    static final String SHA256_PREFIX = "{sha256}";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);

    private final Map<String, Caller> byDigest = new HashMap<>();

    public ApiKeyRegistry(SecurityProperties properties) {
        int index = 0;
        for (SecurityProperties.ApiKey key : properties.apiKeys()) {
            String where = "hub.security.api-keys[" + index++ + "]";
            if (key.source() == null || key.source().isBlank()) {
                throw new IllegalStateException(where + ".source is missing");
            }
            if (key.key() == null || key.key().isBlank()) {
                throw new IllegalStateException(where + ".key is missing");
            }
            for (String role : key.roles()) {
                if (!Roles.ALL.contains(role)) {
                    throw new IllegalStateException(where + ".roles: unknown role '" + role + "'");
                }
            }
            String digest = digestOf(key.key(), where);
            Caller caller = new Caller("api-key:" + key.source(), key.source(), key.roles());
            if (byDigest.putIfAbsent(digest, caller) != null) {
                throw new IllegalStateException(where + ".key is the same key as an earlier entry");
            }
        }
        log.info("{} API key(s) configured for sources {}", byDigest.size(),
                byDigest.values().stream().map(Caller::source).sorted().toList());
    }

    /** The caller a presented key belongs to, if any. */
    public Optional<Caller> find(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDigest.get(Sha256.hex(presentedKey.trim())));
    }

    private static String digestOf(String configured, String where) {
        if (configured.startsWith(SHA256_PREFIX)) {
            String hex = configured.substring(SHA256_PREFIX.length()).trim().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException(where + ".key: {sha256} must be followed by 64 hex digits");
            }
            return hex;
        }
        if (configured.length() < 16) {
            log.warn("{}.key is shorter than 16 characters; use a long random key", where);
        }
        return Sha256.hex(configured.trim());
    }
}
