package com.coachway.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentProperties;

/**
 * The duty manager is who hears of a driver nobody can reach when the escalation names no manager: a setting that
 * would leave such an escalation reaching nobody stops the hub at start, naming the key, instead of being ignored.
 */
class DutyManagerCheckTest {

    @Configuration
    @EnableConfigurationProperties({EscalationProperties.class, ConsentProperties.class})
    @Import({DutyManagerCheck.class, Addresses.class})
    static class Settings {
    }

    private final ApplicationContextRunner hub = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void aDutyManagerWithANameAndAnAddressIsUsed() {
        hub.withPropertyValues("hub.escalation.manager.name=Priya Shah",
                "hub.escalation.manager.phone=+1 (555) 555-0199").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EscalationProperties.class).dutyManager().name())
                            .isEqualTo("Priya Shah");
                });
    }

    @Test
    void noDutyManagerIsAChoiceTheHubStartsWith() {
        hub.withPropertyValues("hub.escalation.manager.name=", "hub.escalation.manager.phone=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EscalationProperties.class).dutyManager()).isNull();
        });
    }

    @Test
    void aDutyManagerWithoutAnAddressOrWithoutANameStopsTheStart() {
        hub.withPropertyValues("hub.escalation.manager.name=Priya Shah").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("has a name but neither phone nor email"));
        hub.withPropertyValues("hub.escalation.manager.email=duty@coachway.example").run(context -> assertThat(
                context).getFailure().hasStackTraceContaining("hub.escalation.manager.name"));
    }

    @Test
    void aDutyManagerWhoseAddressCannotBeUsedStopsTheStartNamingIt() {
        hub.withPropertyValues("hub.escalation.manager.name=Priya Shah", "hub.escalation.manager.phone=12",
                "hub.escalation.manager.email=priya@").run(
                        context -> assertThat(context).getFailure()
                                .hasStackTraceContaining("hub.escalation.manager cannot be reached")
                                .hasStackTraceContaining(".phone '12' is not a phone number")
                                .hasStackTraceContaining(".email 'priya@' is not an email address"));
    }

    @Test
    void theRecordRefusesHalfAManagerOnItsOwn() {
        assertThatThrownBy(() -> new EscalationProperties.Manager(" ", "+15555550199", null))
                .hasMessageContaining("no name");
        assertThat(new EscalationProperties(new EscalationProperties.Manager(null, null, null)).dutyManager())
                .isNull();
    }
}
