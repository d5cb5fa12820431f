package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.FieldError;

import com.coachway.hub.vocabulary.CompanyZone;

/**
 * A setting that cannot work stops the start naming its key, the value and why (Spring Boot prints them under
 * "APPLICATION FAILED TO START"), instead of a timer that never fires, a lead reassigned the moment it arrives, or
 * records deleted as they are written.
 */
class SettingsRangeTest {

    private final ApplicationContextRunner hub = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(EverySetting.class)
            .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(shipped()))
            .withPropertyValues("hub.mail.postal-address=100 Depot Road, Springfield, IL 62701, USA");

    /** Every settings record of the hub, bound the way the application binds them. */
    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan
    static class EverySetting {
    }

    @Test
    void theShippedSettingsStart() {
        hub.run(context -> assertThat(context).hasNotFailed());
        // zero turns a wait off
        hub.withPropertyValues("hub.messaging.urgent-window=PT0S", "hub.tracking.unknown-grace=0")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theCompanysZoneIsOneSettingThatRoutingRenderingAndLeadsAllRead() {
        hub.withPropertyValues("hub.leads.zone=Europe/Madrid").run(context -> assertThat(
                context.getBeansOfType(CompanyZone.class).values()).singleElement()
                .satisfies(zone -> assertThat(zone.zone()).isEqualTo(ZoneId.of("Europe/Madrid"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hub.leads.contact-sla            | PT0S  | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.leads.sla-check-interval     | -PT1M | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.leads.high-value-passengers  | -1    | must be greater than or equal to 0 |",
            "hub.schedules.due-sends-interval | 0     | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.tracking.apply-interval      | PT0S  | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.tracking.max-attempts        | 0     | must be greater than 0 |",
            "hub.routing.reload-interval      | PT0S  | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.messaging.confirm-timeout    | PT0S  | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.ingress.max-batch-events     | 0     | must be greater than 0 |",
            "hub.retention.events             | P0D   | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.retention.batch              | 0     | must be greater than 0 |",
            "hub.retry.delays                 | PT1M,PT0S | must be a duration longer than zero, such as PT30S or P90D | hub.retry.delays[1]",
            "hub.rate.sms                     | 0     | must be more than 0 messages per second |",
            "hub.delivery.reconcile.stuck-after | PT0S | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.delivery.prefetch            | 0     | must be between 1 and 1000 |",
            "hub.router.consumers             | 65    | must be between 1 and 64 |",
            "hub.outbound.vendor.read-timeout | PT0S  | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.outbound.breaker.failure-rate | 150  | must be less than or equal to 100 |",
            "hub.twilio.connect-timeout       | PT0S  | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.meta.read-timeout            | -PT1S | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.mail.port                    | 70000 | must be less than or equal to 65535 |",
            "hub.mail.bounce-imap.poll-interval | PT0S | must be a duration longer than zero, such as PT30S or P90D |",
            "hub.security.login-throttle.max-failures | 0 | must be greater than 0 |",
            "hub.messaging.urgent-window      | -PT1S | must be zero or a duration, such as PT0S or PT2M |",
            "hub.tracking.unknown-grace       | -PT2M | must be zero or a duration, such as PT0S or PT2M |",
            "hub.http.max-body-size           | 0KB   | must be a size larger than zero, such as 256KB |",
            "hub.http.max-batch-body-size     | -1MB  | must be a size larger than zero, such as 256KB |",
            "hub.ingress.max-event-size       | 0     | must be a size larger than zero, such as 256KB |",
            "hub.consent.marketing-stop-phrases | 'Stop promotions, ' | must not hold a blank phrase | hub.consent.marketing-stop-phrases[1]",
    })
    void aValueThatCannotWorkStopsTheStartNamingItsKey(String key, String value, String reason, String named) {
        hub.withPropertyValues(key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            BindValidationException invalid = cause(context.getStartupFailure());
            assertThat(invalid.getValidationErrors().getAllErrors())
                    .singleElement()
                    .satisfies(error -> {
                        // printed as Java writes the name (hub.leads.contactSla), with the key or variable it came from
                        String name = invalid.getValidationErrors().getName() + "." + ((FieldError) error).getField();
                        assertThat(ConfigurationPropertyName.adapt(name, '.'))
                                .isEqualTo(ConfigurationPropertyName.of(named == null ? key : named));
                        assertThat(error.getDefaultMessage()).isEqualTo(reason);
                    });
        });
    }

    private static BindValidationException cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindValidationException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("no validation failure in " + failure, failure);
    }

    private static PropertySource<?> shipped() {
        try {
            return new YamlPropertySourceLoader().load("shipped", new FileSystemResource("config/application.yml"))
                    .get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
