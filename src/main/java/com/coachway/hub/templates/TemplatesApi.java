package com.coachway.hub.templates;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.coachway.hub.http.HttpReply;
import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.ProblemReplies;
import com.coachway.hub.http.PublicUrls;
import com.coachway.hub.http.RequestBodies;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.coachway.hub.problem.Problems;
import com.coachway.hub.security.Caller;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.Channel;
import com.coachway.hub.vocabulary.LanguageTags;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.annotations.media.Schema;

/** The template API of API.md §4; the REST routes call one method per operation. */
@Component
class TemplatesApi {

    // a preview's unsubscribe link: it shows where the link goes and unsubscribes nobody (an unsigned token is a 404)
    static final String EXAMPLE_UNSUBSCRIBE_PATH = "/u/preview-example";

    private final TemplateStore store;
    private final TemplateValidator validator;
    private final TemplateRenderer renderer;
    private final TemplateGuard guard;
    private final ProblemReplies replies;
    private final JsonBodies bodies;
    private final ObjectMapper json;
    private final HubVariables.Sender sender;
    private final PublicUrls urls;
    private final ObjectProvider<WaitingSends> waiting;

    public TemplatesApi(TemplateStore store, TemplateValidator validator, TemplateRenderer renderer,
            TemplateGuard guard, ProblemReplies replies, JsonBodies bodies, ObjectMapper json,
            HubVariables.Sender sender, PublicUrls urls, ObjectProvider<WaitingSends> waiting) {
        this.waiting = waiting;
        this.sender = sender;
        this.urls = urls;
        this.store = store;
        this.validator = validator;
        this.renderer = renderer;
        this.guard = guard;
        this.replies = replies;
        this.bodies = bodies;
        this.json = json;
    }

    public HttpReply list() {
        return replies.json(200, new Templates(store.list().stream().map(TemplateView::of).toList()));
    }

    public HttpReply get(String name) {
        return replies.json(200, view(existing(name)));
    }

    /** One template, with what its uses make it do that is allowed but will often park. */
    private TemplateView view(Template template) {
        return TemplateView.of(template)
                .withWarnings(guard.cautions(template.name(), template.content(), guard.usagesOf(template.name())));
    }

    public HttpReply versions(String name) {
        List<TemplateView> versions = store.versions(name).stream().map(TemplateView::of).toList();
        if (versions.isEmpty()) {
            throw notFound(name);
        }
        return replies.json(200, new Versions(name, versions));
    }

    public HttpReply create(byte[] body, Caller caller) {
        TemplateDraft draft = draft(body);
        checkDraft(draft.name(), draft, true);
        Template written = store.write(draft, draft.name(), false, caller.name());
        if (written == null) {
            throw new ProblemException(Problems.of(409, "template-exists", "Template exists",
                    "A template named '" + draft.name() + "' exists; change it with PUT /api/v1/templates/"
                            + draft.name()));
        }
        return replies.json(201, view(written));
    }

    public HttpReply update(String name, byte[] body, Caller caller) {
        TemplateDraft draft = draft(body);
        if (draft.name() != null && !draft.name().equals(name)) {
            throw ProblemException.badRequest("The name in the body differs from the name in the path",
                    List.of(new FieldError("name", "must be '" + name + "' or absent")));
        }
        checkDraft(name, draft, false);
        Template written = store.write(draft, name, true, caller.name());
        if (written == null) {
            throw notFound(name);
        }
        return replies.json(200, view(written));
    }

    /**
     * Deletes a template nothing sends: one the routing table or a lead notice names, or that sends waiting for their
     * time will render, is a 409 saying which, as every such message would fail (and the hub would refuse to start
     * with the table as it is).
     */
    public HttpReply delete(String name) {
        if (store.current(name).isPresent()) {
            List<String> senders = guard.usagesOf(name).stream().map(TemplateUsage::usedBy).distinct().toList();
            if (!senders.isEmpty()) {
                throw inUse("Template '" + name + "' is sent by " + String.join("; ", senders)
                        + ". Take it out of the routing table first, or change it with PUT /api/v1/templates/"
                        + name);
            }
            Optional<WaitingSends.Waiting> sends = waiting.orderedStream().flatMap(w -> w.waitingFor(name).stream())
                    .findFirst();
            if (sends.isPresent()) {
                long count = sends.get().count();
                throw inUse("Template '" + name + "' is waited for by " + count + " scheduled send"
                        + (count == 1 ? "" : "s") + ", the first due " + sends.get().firstDue()
                        + ". Cancel them first (GET /api/v1/notifications?template=" + name
                        + "&scheduled=true lists them), or let them go out");
            }
        }
        if (!store.delete(name)) {
            throw notFound(name);
        }
        return HttpReply.noContent();
    }

    /**
     * Renders a template as a send would: the data given (with the recipient, if the template names one), over what
     * the hub adds itself (company, the unsubscribe link), and an email with its footer. A missing variable is a 400
     * naming it.
     */
    public HttpReply preview(String name, byte[] body) {
        Template template = existing(name);
        JsonNode request = bodies.object(body);
        // "dta" for "data" would render as if none were given, and blame the template's variables
        List<FieldError> strangers = new ArrayList<>();
        RequestBodies.unknownFields(request, PreviewBody.class, "", strangers);
        if (!strangers.isEmpty()) {
            throw ProblemException.badRequest("The preview request has keys it does not take", strangers);
        }
        String channel = text(request, "channel");
        String variant = text(request, "variant");
        if (channel == null || !Channel.NAMES.contains(channel)) {
            throw ProblemException.badRequest("Say which channel to preview",
                    List.of(FieldError.oneOf("channel", Channel.NAMES)));
        }
        if (!template.content().supports(channel)) {
            throw ProblemException.badRequest("The template has no " + channel + " body",
                    List.of(new FieldError("channel", "template '" + name + "' has no " + channel + " body")));
        }
        if (variant != null && !template.content().variants().containsKey(variant)) {
            throw ProblemException.badRequest("Unknown variant",
                    List.of(FieldError.oneOf("variant", template.content().variants().keySet())));
        }
        JsonNode data = request.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw ProblemException.badRequest("data must be an object",
                    List.of(new FieldError("data", "must be a JSON object")));
        }
        Map<String, Object> context = previewContext(channel, data);
        String localeTag = text(request, "locale");
        if (localeTag != null && !LanguageTags.valid(localeTag)) {
            throw ProblemException.badRequest("The locale is not a language tag",
                    List.of(new FieldError("locale", LanguageTags.EXPECTED)));
        }
        Locale locale = localeTag == null ? null : Locale.forLanguageTag(localeTag);
        try {
            RenderedMessage rendered = renderer.render(template.content(), channel, variant, context, locale);
            String text = rendered.text();
            String html = rendered.html();
            String replyTo = null;
            if (StopFooter.carriedBy(channel, false)) { // a WhatsApp text; the approved template is shown apart
                text = StopFooter.text(text, Category.governing(null, template.category()),
                        template.content().language());
            }
            if (Channel.EMAIL.wire().equals(channel)) { // as the recipient reads it, footer included
                replyTo = renderer.replyTo(template.content(), variant, context);
                String link = urls.of(EXAMPLE_UNSUBSCRIBE_PATH);
                String language = template.content().language();
                text = EmailFooter.text(sender, rendered.text(), link, language);
                html = EmailFooter.html(sender, rendered.html(), rendered.text(), link, language);
            }
            return replies.json(200, new Preview(name, template.version(), rendered.channel(), rendered.variant(),
                    rendered.subject(), text, html, rendered.providerTemplate(), replyTo));
        } catch (TemplateRenderException e) {
            throw ProblemException.badRequest("The template cannot be rendered with this data: " + e.getMessage()
                    + recipientHint(e.field()), List.of(new FieldError(e.field(), e.getMessage())));
        }
    }

    // the one variable a caller cannot find in any event's data: the hub adds it when it sends
    private static String recipientHint(String field) {
        String recipient = "data." + HubVariables.RECIPIENT;
        return field != null && (field.equals(recipient) || field.startsWith(recipient + "."))
                ? ". Every send has a recipient, which a preview takes from data: "
                        + "\"recipient\":{\"name\":\"Ana Ruiz\"}"
                : "";
    }

    /**
     * What a send would put beside the data (an example unsubscribe link: each email gets its own), under the data
     * given, which may show another company. The recipient comes from the data alone: every send has one with a name,
     * so a template that greets by name needs {@code "recipient":{"name":…}} to preview, never a blank.
     */
    private Map<String, Object> previewContext(String channel, JsonNode data) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(HubVariables.COMPANY, HubVariables.company(sender));
        if (Channel.EMAIL.wire().equals(channel)) {
            context.put(HubVariables.UNSUBSCRIBE_URL, urls.of(EXAMPLE_UNSUBSCRIBE_PATH));
        }
        if (data != null && data.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> given = json.convertValue(data, Map.class);
            context.putAll(given);
        }
        return context;
    }

    /** {@code GET /api/v1/templates}. */
    record Templates(List<TemplateView> items) {
    }

    /** {@code GET /api/v1/templates/{name}/versions}, newest first. */
    record Versions(String name, List<TemplateView> versions) {
    }

    /**
     * {@code POST /api/v1/templates/{name}/preview}; {@link #preview} reads it field by field to name each problem.
     *
     * @param data the variables to render with
     * @param channel sms, whatsapp or email
     * @param variant an A/B variant, or the template's own bodies
     * @param locale the recipient's BCP 47 locale: dates and numbers are written in the template's language as its
     *            region writes them (the template's language alone by default)
     */
    record PreviewBody(JsonNode data, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String channel,
            String variant, String locale) {
    }

    /** @param replyTo an email's Reply-To as its template renders it; absent = {@code hub.mail.reply-to} or sender */
    record Preview(String template, int version, String channel, String variant, String subject, String text,
            String html, RenderedMessage.ProviderTemplateCall providerTemplate, String replyTo) {
    }

    /** Shape first; then every variable against every rule and notice that sends this template (API.md §2a). */
    private void checkDraft(String name, TemplateDraft draft, boolean checkName) {
        List<FieldError> errors = validator.problems(draft, checkName);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The template is not valid; every problem is listed", errors);
        }
        errors = guard.check(name, draft.content());
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The template does not fit the data or the channels its senders have; "
                    + "every problem is listed", errors);
        }
    }

    private Template existing(String name) {
        return store.current(name).orElseThrow(() -> notFound(name));
    }

    private TemplateDraft draft(byte[] body) {
        JsonNode node = bodies.object(body);
        try {
            return json.readerFor(TemplateDraft.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(node);
        } catch (JsonMappingException e) {
            throw ProblemException.badRequest("The template does not have the shape of API.md §4",
                    List.of(new FieldError(JsonBodies.fieldOf(e), "has the wrong type or is unknown")));
        } catch (IOException e) {
            throw ProblemException.malformed("The template could not be read: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ProblemException inUse(String detail) {
        return new ProblemException(Problems.of(409, "template-in-use", "Template in use", detail));
    }

    private static ProblemException notFound(String name) {
        return new ProblemException(Problems.of(404, "not-found", "Not found", "No template named '" + name + "'"));
    }
}
