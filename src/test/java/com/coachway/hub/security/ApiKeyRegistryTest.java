package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.coachway.hub.Sha256;

class ApiKeyRegistryTest {

    @Test
    void plainAndHashedKeysAreBothFound() {
        ApiKeyRegistry registry = registry(new SecurityProperties.ApiKey("charter-service", "plain-key-0123456789",
                Set.of("publisher")),
                new SecurityProperties.ApiKey("sales-web", "{sha256}" + Sha256.hex("hashed-key-0123456789"),
                        Set.of("publisher", "ops")));

        assertThat(registry.find("plain-key-0123456789")).get().extracting(Caller::source).isEqualTo("charter-service");
        assertThat(registry.find("hashed-key-0123456789")).get().satisfies(c -> {
            assertThat(c.source()).isEqualTo("sales-web");
            assertThat(c.roles()).containsExactlyInAnyOrder("publisher", "ops");
        });
        assertThat(registry.find("plain-key-012345678")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
        assertThat(registry.find(" ")).isEmpty();
    }

    @Test
    void brokenConfigurationStopsStartUp() {
        assertThatThrownBy(() -> registry(new SecurityProperties.ApiKey(null, "k", Set.of("publisher"))))
                .hasMessageContaining("api-keys[0].source");
        assertThatThrownBy(() -> registry(new SecurityProperties.ApiKey("s", "{sha256}abc", Set.of("publisher"))))
                .hasMessageContaining("64 hex");
        assertThatThrownBy(() -> registry(new SecurityProperties.ApiKey("s", "key-key-key-key-1", Set.of("root"))))
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(
                () -> registry(new SecurityProperties.ApiKey("a", "same-key-0123456789", Set.of("publisher")),
                        new SecurityProperties.ApiKey("b", "same-key-0123456789", Set.of("publisher"))))
                .hasMessageContaining("api-keys[1].key");
    }

    private static ApiKeyRegistry registry(SecurityProperties.ApiKey... keys) {
        return new ApiKeyRegistry(new SecurityProperties(List.of(keys), List.of()));
    }
}
