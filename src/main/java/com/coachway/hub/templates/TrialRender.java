package com.coachway.hub.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.vocabulary.Channel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Renders a template with one message's own data, as its send will, before the message is accepted. What only a
 * render finds (a {@code date()} that cannot read the value sent, a loop counted from the data past its budget) is
 * then a 400 naming it, not a notification parked at its send: for a campaign, one per recipient, and a replay cannot
 * mend the data. Used where the sender's data is not held to a schema the template was checked against: {@code POST
 * /api/v1/notifications} and templates picked from event data.
 */
@Component
public class TrialRender {

    // where the link of each email goes at its send; the trial needs only something to print
    private static final String EXAMPLE_LINK = "https://example.invalid/u/trial";

    private final TemplateRenderer renderer;
    private final HubVariables.Sender sender;
    private final ObjectMapper json;

    TrialRender(TemplateRenderer renderer, HubVariables.Sender sender, ObjectMapper json) {
        this.renderer = renderer;
        this.sender = sender;
        this.json = json;
    }

    /**
     * Every body the message could be sent with (each channel the template has, each A/B variant), rendered once.
     *
     * @param recipient {@link HubVariables#recipient}: the one recipient, or the first of a campaign's
     * @param event {@code {id, type, source}} when an event sends it, else null
     * @return one problem per body that fails, on field {@code data}; none when every body renders
     */
    public List<FieldError> problems(Template template, List<String> channels, JsonNode data,
            Map<String, Object> recipient, Map<String, Object> event) {
        Map<String, Object> given = null;
        if (data != null && data.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = json.convertValue(data, Map.class);
            given = fields;
        }
        Map<String, Object> context = HubVariables.context(given, recipient, event, sender, EXAMPLE_LINK);
        Object locale = recipient.get("locale");
        Locale reader = locale instanceof String tag ? Locale.forLanguageTag(tag) : null;
        List<String> variants = new ArrayList<>();
        variants.add(null);
        variants.addAll(template.content().variants().keySet());
        List<FieldError> problems = new ArrayList<>();
        for (String channel : channels) {
            for (String variant : variants) {
                if (!template.content().forVariant(variant).supports(channel)) {
                    continue;
                }
                try {
                    renderer.render(template.content(), channel, variant, context, reader);
                    if (Channel.EMAIL.wire().equals(channel)) {
                        renderer.replyTo(template.content(), variant, context);
                    }
                } catch (TemplateRenderException e) {
                    problems.add(new FieldError("data", "template '" + template.name() + "' cannot be rendered with"
                            + " this data (" + (variant == null ? "" : "variant " + variant + ", ") + e.field() + "): "
                            + e.getMessage()));
                }
            }
        }
        return problems;
    }
}
