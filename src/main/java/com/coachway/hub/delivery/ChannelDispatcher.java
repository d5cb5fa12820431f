package com.coachway.hub.delivery;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.consent.ConsentStore;
import com.coachway.hub.consent.Masking;
import com.coachway.hub.consent.Suppression;
import com.coachway.hub.consent.UnsubscribeLinks;
import com.coachway.hub.consent.WhatsAppWindows;
import com.coachway.hub.messaging.DurablePublisher;
import com.coachway.hub.messaging.FailureDecision;
import com.coachway.hub.messaging.FailurePolicy;
import com.coachway.hub.messaging.HubHeaders;
import com.coachway.hub.messaging.OutboundMessage;
import com.coachway.hub.messaging.ParkingNotices;
import com.coachway.hub.messaging.PermanentFailure;
import com.coachway.hub.messaging.WorkQueues;
import com.coachway.hub.providers.WhatsAppProperties;
import com.coachway.hub.templates.EmailHtml;
import com.coachway.hub.templates.HubVariables;
import com.coachway.hub.templates.RenderedMessage;
import com.coachway.hub.templates.StopFooter;
import com.coachway.hub.templates.Template;
import com.coachway.hub.templates.TemplateContent;
import com.coachway.hub.templates.TemplateRenderException;
import com.coachway.hub.templates.TemplateRenderer;
import com.coachway.hub.templates.TemplateStore;
import com.coachway.hub.templates.VariantChooser;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.DurationWords;
import com.coachway.hub.vocabulary.Mailboxes;
import com.coachway.hub.vocabulary.NotificationStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Picks the channel a notification goes out on, walking its channels in fallback order: no valid address, a
 * suppression, a template without a body for the channel, or a closed WhatsApp window with no approved template
 * each move it to the next channel, and each is written to the timeline. The chosen channel gets the rendered
 * message on its delivery queue. Runs inside the caller's transaction.
 */
@Component
class ChannelDispatcher {

    /** Stands for the recipient's unsubscribe link in what ops read of an email. */
    static final String UNSUBSCRIBE_PLACEHOLDER = "[unsubscribe link]";
    // how long a number WhatsApp could not reach is sent its messages on the next channel straight away: long enough
    // not to make a client wait for the same failure on every message, short enough to try again once they may have
    // installed it
    static final Duration NOT_ON_WHATSAPP_FOR = Duration.ofDays(30);
    private static final List<String> BLOCK_REASONS = List.of("opted_out", "suppressed", "category_disabled",
            "no_address");

    private final NotificationStore store;
    private final NotificationOutcomes outcomes;
    private final TemplateStore templates;
    private final TemplateRenderer renderer;
    private final Addresses addresses;
    private final ConsentStore consent;
    private final WhatsAppWindows windows;
    private final DurablePublisher publisher;
    private final UnsubscribeLinks unsubscribe;
    private final EmailTracking tracking;
    private final MailProperties mail;
    private final WhatsAppProperties whatsapp;
    private final ObjectMapper json;
    private final FailurePolicy failures;
    private final ParkingNotices parking;
    private final MeterRegistry meters;

    public ChannelDispatcher(NotificationStore store, NotificationOutcomes outcomes, TemplateStore templates,
            TemplateRenderer renderer,
            Addresses addresses, ConsentStore consent, WhatsAppWindows windows, DurablePublisher publisher,
            UnsubscribeLinks unsubscribe, EmailTracking tracking, MailProperties mail, WhatsAppProperties whatsapp,
            ObjectMapper json, FailurePolicy failures, ParkingNotices parking, MeterRegistry meters) {
        this.failures = failures;
        this.parking = parking;
        this.meters = meters;
        this.store = store;
        this.outcomes = outcomes;
        this.templates = templates;
        this.renderer = renderer;
        this.addresses = addresses;
        this.consent = consent;
        this.windows = windows;
        this.publisher = publisher;
        this.unsubscribe = unsubscribe;
        this.tracking = tracking;
        this.mail = mail;
        this.whatsapp = whatsapp;
        this.json = json;
    }

    /**
     * Sends the notification on to the first usable channel from {@code fromIndex} on. When none is usable it ends:
     * {@code blocked} with its reason, {@code failed} when a provider already failed it ({@code earlier}), or
     * {@code parked} ({@code template_error}) when its template is gone or fits none of its channels.
     */
    public void dispatch(Notification notification, int fromIndex, ProviderFailure earlier) {
        dispatch(notification, fromIndex, earlier, false);
    }

    /**
     * Hands a notification that stopped moving to its channel again (the reconciler). One still {@code sending}
     * stays so on that channel: its new delivery message asks the provider before anything is sent again. Consent and
     * the template are checked afresh, as for any dispatch.
     */
    public void redispatch(Notification notification) {
        int index = notification.channelIndex() == null ? 0 : notification.channelIndex();
        dispatch(notification, index, null, notification.status() == NotificationStatus.SENDING);
    }

    private void dispatch(Notification notification, int fromIndex, ProviderFailure earlier,
            boolean outcomeUnknown) {
        Optional<Template> found = templates.current(notification.template());
        if (found.isEmpty()) {
            // gone since the send was accepted (a delete that raced it; the API refuses one while sends wait):
            // parked, so that re-creating the template and replaying delivers it
            parkTemplateError(notification, notification.template(), null, "template '" + notification.template()
                    + "' does not exist (deleted?); create it again, then replay");
            return;
        }
        Template template = found.get();
        String variant = notification.variant() != null
                ? notification.variant()
                : VariantChooser.choose(template.name(), recipientKey(notification), template.content().variants());
        TemplateContent bodies = template.content().forVariant(variant);
        String category = Category.governing(notification.category(), template.category());
        List<String> reasons = new ArrayList<>();
        List<String> channels = notification.channels();
        for (int index = fromIndex; index < channels.size(); index++) {
            String channel = channels.get(index);
            Recipient to = notification.recipient();
            Optional<String> address = addresses.forChannel(channel, to.phone(), to.email());
            Optional<Stop> stop = stop(notification, channel, address, category);
            if (stop.isPresent()) {
                skip(notification, reasons, stop.get().reason(), stop.get().detail());
                continue;
            }
            if (!bodies.supports(channel)) {
                skip(notification, reasons, null, channel + ": template " + template.name() + " has no " + channel
                        + " body");
                continue;
            }
            String mode = DeliveryWork.TEXT;
            if ("whatsapp".equals(channel)) {
                // skipped only for a channel after it that can carry the message: else it is the last chance
                List<String> after = channels.subList(index + 1, channels.size());
                Optional<WhatsAppWindows.Unreachable> unreachable = windows.unreachable(address.get(),
                        NOT_ON_WHATSAPP_FOR).filter(noted -> carriable(notification, after, bodies, category));
                if (unreachable.isPresent()) {
                    // the same failure again, minutes later, would only hold the message back from the next channel
                    skip(notification, reasons, null, "whatsapp: " + Masking.address(address.get()) + " could not be"
                            + " reached on WhatsApp (" + unreachable.get().provider() + " "
                            + unreachable.get().code() + " at " + unreachable.get().at().truncatedTo(ChronoUnit.SECONDS)
                            + "); not tried again until it writes to us there, or for "
                            + DurationWords.of(NOT_ON_WHATSAPP_FOR));
                    continue;
                }
                boolean open = windows.isOpen(address.get());
                if (open && bodies.whatsapp().text() != null) {
                    mode = DeliveryWork.TEXT;
                } else if (bodies.whatsapp().providerTemplate() != null) {
                    mode = DeliveryWork.TEMPLATE;
                } else {
                    skip(notification, reasons, null,
                            "whatsapp: outside the 24-hour window and the template has no approved WhatsApp template");
                    continue;
                }
            }
            // the link's page speaks the email's language, as its footer does
            String unsubscribeUrl = "email".equals(channel)
                    ? unsubscribe.url(notification.id(), address.get(), category, template.content().language())
                    : null;
            RenderedMessage rendered;
            String replyTo;
            try {
                Map<String, Object> context = context(notification, unsubscribeUrl);
                rendered = renderer.render(template.content(), channel, variant, context, locale(to));
                replyTo = "email".equals(channel) ? renderer.replyTo(template.content(), variant, context) : null;
            } catch (TemplateRenderException e) {
                park(notification, template, channel, e.getMessage());
                return;
            }
            Optional<String> unsafe = EmailHtml.problem(rendered.html());
            if (unsafe.isPresent()) {
                // no script and no javascript: or data: target reaches a mailbox, whoever supplied it (API.md §8)
                park(notification, template, channel, "email.html " + unsafe.get());
                return;
            }
            // a marketing text says how to stop them, below whatever of the text fits
            String footer = StopFooter.carriedBy(channel, DeliveryWork.TEMPLATE.equals(mode))
                    ? StopFooter.line(rendered.text(), category, template.content().language())
                    : null;
            send(notification, index, channel, address.get(), category, mode, rendered, footer, unsubscribeUrl, replyTo,
                    template,
                    outcomeUnknown && Objects.equals(notification.channelIndex(), index));
            return;
        }
        if (earlier != null) {
            outcomes.finish(notification.id(), ProviderErrors.ended(earlier), null, earlier.code(),
                    earlier.message(), "no further channel after " + earlier.describe());
            return;
        }
        String reason = BLOCK_REASONS.stream().filter(reasons::contains).findFirst().orElse(null);
        if (reason != null) {
            outcomes.finish(notification.id(), NotificationStatus.BLOCKED, reason, null, null, "blocked: " + reason
                    + "; never sent to any provider");
        } else {
            // the template lost the bodies its rule needs, or WhatsApp alone and no approved template: fixable, so
            // parked for a replay rather than failed
            park(notification, template, null, "can carry none of its channels (" + String.join(", ", channels)
                    + "): see the timeline for each");
        }
    }

    // whether one of these channels can carry the notification: an address, consent and a body
    private boolean carriable(Notification notification, List<String> later, TemplateContent bodies,
            String category) {
        Recipient to = notification.recipient();
        return later.stream().anyMatch(channel -> bodies.supports(channel) && stop(notification, channel,
                addresses.forChannel(channel, to.phone(), to.email()), category).isEmpty());
    }

    /**
     * Why a channel cannot carry the notification whatever its template says: no usable address, or consent.
     *
     * @param reason the {@code blocked} reason it gives ({@code no_address}, {@code opted_out}, ...)
     * @param detail what the timeline says, naming the channel and the masked address
     */
    record Stop(String reason, String detail) {
    }

    // address: the channel's address of the recipient, normalised, if there is one
    private Optional<Stop> stop(Notification notification, String channel, Optional<String> address,
            String category) {
        Recipient to = notification.recipient();
        if (address.isEmpty()) {
            boolean email = "email".equals(channel);
            String given = email ? to.email() : to.phone();
            String kind = email ? "email address" : "phone number";
            // "none given" sends ops to the upstream data, "not valid" to the address itself
            return Optional.of(new Stop("no_address", channel + ": " + (given == null || given.isBlank()
                    ? "no " + kind
                    : "the " + kind + " is not valid")));
        }
        return consentStop(notification, channel, address.get(), category).map(entry -> new Stop(
                entry.blockedReason(), channel + ": " + Masking.address(address.get()) + " is " + entry.kind()
                        + (entry.category() == null ? "" : " for " + entry.category()) + " (" + entry.source()
                        + ")"));
    }

    /**
     * What would become of a waiting send if its time came now, when that is not what it was made for: a client who
     * texted STOP after a reminder was scheduled. Empty when its first channel can carry it.
     *
     * @param template the current version of the notification's template (a list of waiting sends reads each once)
     */
    Optional<String> outlook(Notification notification, Template template) {
        String category = Category.governing(notification.category(), template.category());
        List<String> stopped = new ArrayList<>();
        Recipient to = notification.recipient();
        for (String channel : notification.channels()) {
            Optional<Stop> stop = stop(notification, channel, addresses.forChannel(channel, to.phone(), to.email()),
                    category);
            if (stop.isEmpty()) {
                return stopped.isEmpty()
                        ? Optional.empty()
                        : Optional.of("goes by " + channel + " if nothing changes before its time: "
                                + String.join("; ", stopped));
            }
            stopped.add(stop.get().detail());
        }
        return Optional.of("blocked if nothing changes before its time: " + String.join("; ", stopped));
    }

    /**
     * What consent says against sending this notification to that address, here and again right before the
     * provider: nothing for an opt-out's own confirmation ({@link NotificationOrigin#CONFIRMATION}).
     */
    Optional<Suppression> consentStop(Notification notification, String channel, String address, String category) {
        return NotificationOrigin.ignoresConsent(notification.origin())
                ? Optional.empty()
                : consent.find(channel, address, category);
    }

    /**
     * A template that fails at send time is never silent (API.md §2a): the notification is parked with reason
     * {@code template_error}, a reference to it lands in the dead letters naming template, version, channel and
     * problem, and a replay after the template is fixed sends it.
     *
     * @param channel the channel it failed to render for, or null when it fits none
     */
    private void park(Notification notification, Template template, String channel, String problem) {
        parkTemplateError(notification, template.name(), channel,
                "template '" + template.name() + "' v" + template.version()
                        + (channel == null ? "" : ", " + channel) + ": " + problem);
    }

    private void parkTemplateError(Notification notification, String template, String channel, String problem) {
        String reason = NotificationParking.TEMPLATE_ERROR + ": " + problem;
        meters.counter("hub.notifications.template_errors", "template", template, "channel",
                channel == null ? "none" : channel).increment();
        String queue = WorkQueues.notify(notification.urgent());
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(HubHeaders.NOTIFICATION_ID, notification.id());
        headers.put(HubHeaders.PRIORITY, notification.priority());
        headers.put(HubHeaders.ORIGINAL_EXCHANGE, WorkQueues.WORK_EXCHANGE);
        headers.put(HubHeaders.ORIGINAL_ROUTING_KEY, queue);
        if (notification.eventId() != null) {
            headers.put(HubHeaders.EVENT_ID, notification.eventId());
        }
        FailureDecision decision = failures.decide(headers, queue, new PermanentFailure(reason));
        failures.stamp(headers, decision);
        parking.parking(decision, null, headers); // NotificationParking ends the notification as parked
        publisher.publish(new OutboundMessage(decision.exchange(), decision.routingKey(),
                "template-error/" + notification.id() + "/" + UUID.randomUUID(), notification.id(),
                "application/json", headers, NotificationSubmitter.reference(notification.id())));
    }

    /** @param replyTo where the template says replies go, as rendered (null for none); an email only */
    private void send(Notification notification, int index, String channel, String address, String category,
            String mode, RenderedMessage rendered, String footer, String unsubscribeUrl, String replyTo,
            Template template,
            boolean outcomeUnknown) {
        String provider = provider(channel);
        boolean email = "email".equals(channel);
        boolean approved = DeliveryWork.TEMPLATE.equals(mode);
        TextLimits.Fitted fitted = TextLimits.fit(provider, asSent(rendered, approved), footer);
        RenderedMessage sent = fitted.message();
        boolean replyable = replyTo != null && Mailboxes.valid(replyTo);
        int dispatchSeq = store.dispatched(notification.id(), index, address, provider, said(sent, unsubscribeUrl),
                template.version(), outcomeUnknown, channel + " via " + provider + " to " + Masking.address(address)
                        + (approved ? " (approved template)" : "")
                        + (sent.variant() == null ? "" : ", variant " + sent.variant())
                        + (fitted.note() == null ? "" : "; " + fitted.note())
                        + (replyTo == null ? "" : "; " + replies(replyable, replyTo)));
        DeliveryWork work = new DeliveryWork(notification.id(), channel, index, dispatchSeq, provider, address,
                notification.priority(), category, mode, sent.subject(), sent.text(),
                email ? tracking.instrument(notification.id(), sent.html()) : sent.html(), sent.providerTemplate(),
                email ? "<" + notification.id() + "@" + mail.domain() + ">" : null, unsubscribeUrl,
                notification.recipient().name(), template.content().language(), replyable ? replyTo.strip() : null);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(HubHeaders.NOTIFICATION_ID, notification.id());
        headers.put(HubHeaders.PRIORITY, notification.priority());
        if (notification.eventId() != null) {
            headers.put(HubHeaders.EVENT_ID, notification.eventId());
        }
        String queue = WorkQueues.deliver(channel, notification.urgent());
        publisher.publish(new OutboundMessage(WorkQueues.WORK_EXCHANGE, queue, work.messageId(),
                notification.eventId() != null ? notification.eventId() : notification.id(), "application/json",
                headers, write(work)));
    }

    // where replies go, for the timeline; a reply_to that renders to no address is not worth parking an email over
    private String replies(boolean replyable, String replyTo) {
        if (replyable) {
            return "replies go to " + Masking.address(replyTo.strip());
        }
        String shown = replyTo.length() <= 60 ? replyTo : replyTo.substring(0, 60) + "…";
        return "reply_to '" + shown + "' is not " + Mailboxes.EXPECTED + ", so replies go to " + mail.repliesGoTo();
    }

    /**
     * What goes to the provider: with an approved WhatsApp template its values and no free text, otherwise the text
     * and no template.
     */
    static RenderedMessage asSent(RenderedMessage rendered, boolean approved) {
        return new RenderedMessage(rendered.channel(), rendered.variant(), rendered.subject(),
                approved ? null : rendered.text(), rendered.html(), approved ? rendered.providerTemplate() : null);
    }

    /**
     * What the notification says on this channel, as ops may read it: the message as the provider gets it, before
     * link tracking and the email footer. The unsubscribe link unsubscribes the recipient for whoever holds it, so it
     * is kept as a placeholder, not as the link.
     */
    static RenderedMessage said(RenderedMessage sent, String unsubscribeUrl) {
        return new RenderedMessage(sent.channel(), sent.variant(), sent.subject(), withoutLink(sent.text(),
                unsubscribeUrl), withoutLink(sent.html(), unsubscribeUrl), sent.providerTemplate());
    }

    private static String withoutLink(String body, String link) {
        return body == null || link == null ? body : body.replace(link, UNSUBSCRIBE_PLACEHOLDER);
    }

    private String provider(String channel) {
        return switch (channel) {
            case "sms" -> "twilio";
            case "whatsapp" -> whatsapp.provider();
            default -> "smtp";
        };
    }

    /** @param unsubscribeUrl an email's unsubscribe link; null on the other channels */
    private Map<String, Object> context(Notification notification, String unsubscribeUrl) {
        Map<String, Object> data = null;
        if (notification.data() != null && notification.data().isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> given = json.convertValue(notification.data(), Map.class);
            data = given;
        }
        Recipient to = notification.recipient();
        Map<String, Object> event = null;
        if (notification.eventId() != null) {
            event = new LinkedHashMap<>();
            event.put("id", notification.eventId());
            event.put("type", notification.eventType());
            event.put("source", notification.eventSource());
        }
        return HubVariables.context(data, HubVariables.recipient(to.name(), to.phone(), to.email(), to.locale(),
                to.timezone()), event, mail, unsubscribeUrl);
    }

    private void skip(Notification notification, List<String> reasons, String reason, String detail) {
        if (reason != null) {
            reasons.add(reason);
        }
        store.timeline(notification.id(), NotificationStatus.QUEUED, "skipped " + detail);
    }

    private static String recipientKey(Notification notification) {
        if (notification.email() != null) {
            return notification.email();
        }
        if (notification.phone() != null) {
            return notification.phone();
        }
        return notification.recipient().name();
    }

    private static Locale locale(Recipient to) {
        return to.locale() == null || to.locale().isBlank() ? null : Locale.forLanguageTag(to.locale());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a delivery message", e);
        }
    }
}
