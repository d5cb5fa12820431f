package com.coachway.hub.providers;

import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WhatsApp under {@code hub.whatsapp}.
 *
 * @param provider {@code twilio} or {@code meta}
 */
@ConfigurationProperties("hub.whatsapp")
public record WhatsAppProperties(@DefaultValue("twilio") String provider) {

    // Twilio's Messages API takes a ContentSid of this form only (../shared/specs, ContentSid "pattern")
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");
    // Meta names a message template in lower-case letters, digits and underscores
    private static final Pattern META_NAME = Pattern.compile("[a-z0-9_]+");

    public WhatsAppProperties {
        if (!"twilio".equals(provider) && !"meta".equals(provider)) {
            throw new IllegalArgumentException("hub.whatsapp.provider must be twilio or meta, not " + provider);
        }
    }

    public boolean meta() {
        return "meta".equals(provider);
    }

    /**
     * Why the provider in use cannot know {@code id} as an approved template (a Twilio Content SID left in place after
     * a move to Meta, or the other way round); empty when it can. Each message would go on to its next channel, or
     * fail.
     */
    public Optional<String> approvedTemplateMisfit(String id) {
        boolean sid = CONTENT_SID.matcher(id).matches();
        boolean name = META_NAME.matcher(id).matches();
        if (meta() && !name) {
            return Optional.of("is " + (sid ? "a Twilio Content SID" : "no Meta template name")
                    + ", and WhatsApp goes through Meta (hub.whatsapp.provider=meta), which knows a template by its "
                    + "name (lower-case letters, digits and _, such as charter_confirmed): Meta refuses it (error "
                    + "132001), so each message goes on to its next channel or fails. Set it to the name of the "
                    + "template Meta approved");
        }
        if (!meta() && !sid) {
            return Optional.of("is " + (name ? "a Meta template name" : "no Twilio Content SID")
                    + ", and WhatsApp goes through Twilio (hub.whatsapp.provider=twilio), which takes a Content SID "
                    + "(HX and 32 hex digits): Twilio refuses it, so each message goes on to its next channel or "
                    + "fails. Set it to the SID Twilio's Content Template Builder shows for the approved template, or "
                    + "set hub.whatsapp.provider=meta");
        }
        return Optional.empty();
    }
}
