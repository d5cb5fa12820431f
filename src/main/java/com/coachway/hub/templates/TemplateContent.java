package com.coachway.hub.templates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.coachway.hub.vocabulary.Channel;

/**
 * The bodies of one template version.
 *
 * @param sms SMS body, or null when the template has none
 * @param whatsapp WhatsApp free text and/or the approved provider template, or null
 * @param email subject, HTML and text, or null
 * @param variants A/B variants overriding parts of the bodies, with weights; empty when not split-tested
 * @param language the BCP 47 language the bodies are written in ({@code en} when not given): month and day names and
 *            number formats follow it, so an English text never names a Spanish month
 */
public record TemplateContent(Sms sms, WhatsApp whatsapp, Email email, Map<String, Variant> variants,
        String language) {

    /** What a template that does not say is written in: every shipped template is English. */
    public static final String DEFAULT_LANGUAGE = "en";

    public TemplateContent {
        variants = variants == null ? Map.of() : new LinkedHashMap<>(variants);
        // canonical case ("es-MX" for "ES-mx"), as the API shows it back
        language = language == null ? DEFAULT_LANGUAGE : Locale.forLanguageTag(language).toLanguageTag();
    }

    /** Bodies written in {@link #DEFAULT_LANGUAGE}. */
    public TemplateContent(Sms sms, WhatsApp whatsapp, Email email, Map<String, Variant> variants) {
        this(sms, whatsapp, email, variants, null);
    }

    /**
     * The locale dates and numbers are written in for a recipient: the template's language, as the recipient's region
     * writes it. A client with locale {@code es-ES} reading an English template sees "15 December" (never "15
     * diciembre" in an English sentence), and {@code de-DE} sees "1.225,50", as CLDR writes English in Germany; one
     * whose locale is in the template's language ({@code en-GB}) gets exactly that locale.
     *
     * @param recipient the recipient's locale, or null
     */
    public Locale formatFor(Locale recipient) {
        Locale written = Locale.forLanguageTag(language);
        if (recipient == null || recipient.getLanguage().isEmpty()) {
            return written;
        }
        if (recipient.getLanguage().equals(written.getLanguage())) {
            return recipient;
        }
        String region = recipient.getCountry().isEmpty() ? written.getCountry() : recipient.getCountry();
        return new Locale.Builder().setLanguage(written.getLanguage()).setScript(written.getScript()).setRegion(region)
                .build();
    }

    /**
     * Every data path any of its bodies reads, on any channel and in any variant (approved WhatsApp templates'
     * variables too): what a message of it can say differs only where these do.
     */
    public Set<String> reads() {
        Set<String> paths = new LinkedHashSet<>();
        List<String> arms = new ArrayList<>();
        arms.add(null);
        arms.addAll(variants.keySet());
        for (String arm : arms) {
            TemplateContent bodies = forVariant(arm);
            Channel.NAMES.stream().filter(bodies::supports).forEach(channel -> TemplateGuard.bodies(bodies, channel)
                    .values().forEach(body -> paths.addAll(TemplateVariables.reads(body))));
            if (bodies.supports(Channel.WHATSAPP.wire()) && bodies.whatsapp().providerTemplate() != null) {
                bodies.whatsapp().providerTemplate().variables().forEach(variable -> paths.addAll(TemplateVariables
                        .reads(ProviderTemplate.body(variable))));
            }
        }
        return paths;
    }

    /** @param text the SMS text */
    public record Sms(String text) {
    }

    /**
     * @param text free text, allowed only inside the 24-hour customer-service window
     * @param providerTemplate the approved template to use outside the window, or null
     */
    public record WhatsApp(String text, ProviderTemplate providerTemplate) {
    }

    /**
     * An approved WhatsApp template at the provider.
     *
     * @param id Twilio ContentSid ({@code HX…}) or Meta template name
     * @param language Meta template language code (e.g. {@code en_US}); unused by Twilio. When not given, the
     *            template's own language says it ({@link #code})
     * @param variables what fills the template's placeholders 1, 2, … in order: each a data path, optionally with
     *            filters ({@code trip.date | date('d MMMM') | default('your travel day')}); an approved template holds
     *            no conditions, so each names a guaranteed path or carries a default
     */
    public record ProviderTemplate(String id, String language, List<String> variables) {

        public ProviderTemplate {
            variables = variables == null ? List.of() : List.copyOf(variables);
        }

        /**
         * The Meta code of a template written in {@code language}: {@code es-MX} is {@code es_MX}; English, which Meta
         * approves as {@code en_US} far more often than as {@code en}, is {@code en_US}.
         */
        static String code(String language) {
            return TemplateContent.DEFAULT_LANGUAGE.equals(language) ? "en_US" : language.replace('-', '_');
        }

        /** A variable as the one-line template that renders it. */
        static String body(String variable) {
            return "{{ " + variable + " }}";
        }
    }

    /**
     * @param subject subject line
     * @param html HTML body (auto-escaped)
     * @param text plain-text body
     * @param replyTo where a reply goes: an address, or a template of one ({@code {{ agent.email }}}); absent, or
     *            rendered empty, it is {@code hub.mail.reply-to}, else the sender
     */
    public record Email(String subject, String html, String text, String replyTo) {

        public Email(String subject, String html, String text) {
            this(subject, html, text, null);
        }
    }

    /**
     * One arm of an A/B test: a weight and the parts of the bodies it replaces.
     *
     * @param weight relative share of recipients
     * @param sms replacement SMS body, or null
     * @param whatsapp replacement WhatsApp body, or null
     * @param email replacement email parts (any of subject, html, text, reply_to), or null
     */
    public record Variant(int weight, Sms sms, WhatsApp whatsapp, Email email) {
    }

    /** The bodies a variant sees: its own parts over the template's. */
    public TemplateContent forVariant(String name) {
        Variant variant = name == null ? null : variants.get(name);
        if (variant == null) {
            return this;
        }
        Sms mergedSms = variant.sms() != null && variant.sms().text() != null ? variant.sms() : sms;
        WhatsApp mergedWhatsApp = whatsapp;
        if (variant.whatsapp() != null) {
            WhatsApp base = whatsapp == null ? new WhatsApp(null, null) : whatsapp;
            mergedWhatsApp = new WhatsApp(
                    variant.whatsapp().text() != null ? variant.whatsapp().text() : base.text(),
                    variant.whatsapp().providerTemplate() != null
                            ? variant.whatsapp().providerTemplate()
                            : base.providerTemplate());
        }
        Email mergedEmail = email;
        if (variant.email() != null) {
            Email base = email == null ? new Email(null, null, null) : email;
            mergedEmail = new Email(first(variant.email().subject(), base.subject()),
                    first(variant.email().html(), base.html()), first(variant.email().text(), base.text()),
                    first(variant.email().replyTo(), base.replyTo()));
        }
        return new TemplateContent(mergedSms, mergedWhatsApp, mergedEmail, Map.of(), language);
    }

    /** Whether it has a body for at least one of {@code channels}: with none, every message to them is parked. */
    public boolean supportsAny(Collection<String> channels) {
        return channels.stream().anyMatch(this::supports);
    }

    /** Whether the template can say anything on a channel. */
    public boolean supports(String channel) {
        return switch (channel) {
            case "sms" -> sms != null && sms.text() != null;
            case "whatsapp" -> whatsapp != null && (whatsapp.text() != null || whatsapp.providerTemplate() != null);
            case "email" -> email != null && email.subject() != null && (email.html() != null || email.text() != null);
            default -> false;
        };
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
