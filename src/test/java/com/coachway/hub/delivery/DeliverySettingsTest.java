package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import com.coachway.hub.http.SiteProperties;
import com.coachway.hub.providers.MetaProperties;
import com.coachway.hub.providers.TwilioProperties;
import com.coachway.hub.providers.WhatsAppProperties;

/**
 * Delivery settings the hub refuses or warns of at start, as each would otherwise answer events 202 and fail
 * after: live Twilio without a sender, or with one Twilio refuses (it refuses every message then), live Meta without
 * the secret of its webhooks, a public base URL no link could start with, or one on this machine while a channel is
 * live. Without credentials it is the sandbox, which needs none of them.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliverySettingsTest {

    @Configuration
    @EnableConfigurationProperties({TwilioProperties.class, MetaProperties.class, WhatsAppProperties.class,
            MailProperties.class, SiteProperties.class})
    @Import(Sandbox.class)
    static class Settings {
    }

    private final ApplicationContextRunner sandbox = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class).withPropertyValues("hub.mail.sandbox=true");
    private final ApplicationContextRunner hub = sandbox.withPropertyValues(
            "hub.twilio.account-sid=AC00000000000000000000000000000001",
            "hub.twilio.auth-token=secret");

    @Test
    void liveTwilioWithBothSendersStarts() {
        hub.withPropertyValues("hub.twilio.sms-from=+15005550006", "hub.twilio.whatsapp-from=+14155238886")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void liveTwilioWithoutTheSmsSenderStopsTheStartNamingIt() {
        hub.withPropertyValues("hub.twilio.whatsapp-from=+14155238886").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("Twilio credentials are set, but not hub.twilio.sms-from"));
    }

    @Test
    void whatsAppOnTwilioNeedsItsSenderAndOnMetaDoesNot() {
        hub.withPropertyValues("hub.twilio.sms-from=+15005550006").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("hub.twilio.whatsapp-from"));
        hub.withPropertyValues("hub.twilio.sms-from=+15005550006", "hub.whatsapp.provider=meta")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aWhatsAppSenderWrittenAsTwilioShowsItIsTakenAndOneTwilioWouldRefuseStopsTheStart() {
        hub.withPropertyValues("hub.twilio.sms-from=CoachWay", "hub.twilio.whatsapp-from= whatsapp:+14155238886")
                .run(context -> assertThat(context.getBean(TwilioProperties.class).whatsappFrom())
                        .isEqualTo("+14155238886"));
        hub.withPropertyValues("hub.twilio.sms-from=+1 (500) 555-0006", "hub.twilio.whatsapp-from=14155238886")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining(
                        "hub.twilio.sms-from '+1 (500) 555-0006' is not a number in E.164 (+15005550006), a short"
                                + " code or an alphanumeric sender ID; hub.twilio.whatsapp-from '14155238886' is not"
                                + " a number in E.164"));
        hub.withPropertyValues("hub.twilio.sms-from=55500", "hub.whatsapp.provider=meta")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void liveMetaWithoutTheSecretOfItsWebhooksStopsTheStart() {
        ApplicationContextRunner meta = sandbox.withPropertyValues("hub.whatsapp.provider=meta",
                "hub.meta.phone-number-id=1234567890", "hub.meta.access-token=token");
        meta.run(context -> assertThat(context).getFailure().hasStackTraceContaining(
                "Meta credentials are set, but not hub.meta.app-secret"));
        meta.withPropertyValues("hub.meta.app-secret=secret").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void livePostsWithAPublicAddressOfThisMachineAreWarnedOf(CapturedOutput output) {
        ApplicationContextRunner live = hub.withPropertyValues("hub.twilio.sms-from=+15005550006",
                "hub.twilio.whatsapp-from=+14155238886");
        live.run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("hub.public-base-url is http://localhost:8080, while sms, whatsapp go out");

        int before = output.length();
        live.withPropertyValues("hub.public-base-url=https://hub.coachway.example").run(context -> assertThat(context)
                .hasNotFailed());
        assertThat(output.toString().substring(before)).doesNotContain("hub.public-base-url is");
        sandbox.run(context -> assertThat(context).hasNotFailed());
        assertThat(output.toString().substring(before)).doesNotContain("hub.public-base-url is");
    }

    @Test
    void aPublicBaseUrlNoLinkCouldStartWithStopsTheStart() {
        for (String wrong : new String[]{"hub.coachway.example", "ftp://hub.coachway.example", "/hub"}) {
            sandbox.withPropertyValues("hub.public-base-url=" + wrong).run(context -> assertThat(context)
                    .getFailure().hasStackTraceContaining("hub.public-base-url '" + wrong
                            + "' is not an absolute http(s) URL"));
        }
    }

    @Test
    void aMailSenderNoServerWouldTakeStopsTheStart() {
        sandbox.withPropertyValues("hub.mail.from=notifications").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("hub.mail.from 'notifications' is not an email address"));
        sandbox.withPropertyValues("hub.mail.bounce-address=CoachWay <bounces@coachway.example>").run(
                context -> assertThat(context).getFailure().hasStackTraceContaining("hub.mail.bounce-address"));
        sandbox.withPropertyValues("hub.mail.from=trips@coachway.example",
                "hub.mail.bounce-address=bounces@coachway.example").run(
                        context -> assertThat(context)
                                .hasNotFailed());
    }

    @Test
    void theSandboxNeedsNoSender() {
        sandbox.run(context -> assertThat(context).hasNotFailed());
    }
}
