package com.coachway.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * A downstream base URL the hub could never call stops the start naming the destination, rather than parking every
 * push to it with a connection error; unset, the destination is off.
 */
class OutboundSettingsTest {

    @Configuration
    @EnableConfigurationProperties(OutboundProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner hub = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void anHttpOrHttpsBaseUrlIsTakenAndNoneLeavesTheDestinationOff() {
        hub.withPropertyValues("hub.outbound.charter.base-url=https://charter.coachway.example/hub",
                "hub.outbound.vendor.base-url=http://10.0.0.7:8081").run(context -> {
                    OutboundProperties outbound = context.getBean(OutboundProperties.class);
                    assertThat(outbound.charter().pushes()).isTrue();
                    assertThat(outbound.vendor().pushes()).isTrue();
                    assertThat(outbound.change().pushes()).isFalse();
                    assertThat(outbound.change().waiting()).isTrue();
                });
    }

    @Test
    void aDestinationSwitchedOffNeitherPushesNorWaitsWhateverItsBaseUrl() {
        hub.withPropertyValues("hub.outbound.charter.base-url=https://charter.coachway.example/hub",
                "hub.outbound.charter.enabled=false", "hub.outbound.vendor.enabled=false").run(context -> {
                    OutboundProperties outbound = context.getBean(OutboundProperties.class);
                    assertThat(outbound.charter().pushes()).isFalse();
                    assertThat(outbound.charter().waiting()).isFalse();
                    assertThat(outbound.vendor().pushes()).isFalse();
                    assertThat(outbound.vendor().waiting()).isFalse();
                    assertThat(outbound.change().enabled()).isTrue();
                });
    }

    @Test
    void aBaseUrlWithoutSchemeOrHostStopsTheStartNamingTheDestination() {
        for (String wrong : new String[]{"charter.coachway.example", "ftp://charter.coachway.example",
                "https://", "https://charter.coachway.example/hub?key=1"}) {
            hub.withPropertyValues("hub.outbound.charter.base-url=" + wrong).run(context -> assertThat(context)
                    .getFailure().hasStackTraceContaining("hub.outbound.charter")
                    .hasStackTraceContaining("base-url '" + wrong + "' is not an absolute http(s) URL"));
        }
    }
}
