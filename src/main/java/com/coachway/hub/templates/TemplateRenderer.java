package com.coachway.hub.templates;

import java.io.IOException;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.coachway.hub.vocabulary.CompanyZone;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.Test;
import io.pebbletemplates.pebble.extension.core.DisallowExtensionCustomizerBuilder;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.node.ForNode;
import io.pebbletemplates.pebble.operator.Associativity;
import io.pebbletemplates.pebble.operator.BinaryOperator;
import io.pebbletemplates.pebble.operator.BinaryOperatorImpl;
import io.pebbletemplates.pebble.operator.BinaryOperatorType;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * Renders template bodies with Pebble. HTML is auto-escaped (a client named {@code <script>} stays text); SMS,
 * WhatsApp and plain-text email are not. Variables are strict: a missing one is an error naming it, never a blank in
 * a message a customer reads. Instants are shown in the recipient's zone, else the company's ({@link DateFilter}).
 */
@Component
public class TemplateRenderer {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * The most one body may render: well above any message (an SMS is cut at 1,600 characters, Gmail clips mail at
     * about 100 KB), well below what would strain memory with several consumers rendering at once.
     */
    static final int MAX_RENDERED_CHARS = 1 << 20;

    /**
     * Tags that load another template or work beside the render. Bodies are strings, not files: "include 'x'" would
     * print the name it was given, and "include offer.text" would run data as a template. Each body stands alone.
     */
    static final List<String> OTHER_TEMPLATE_TAGS = List.of("include", "import", "from", "extends", "embed", "block",
            "parallel", "cache", "flush");
    private static final Pattern UNEXPECTED_TAG = Pattern.compile("Unexpected tag name \"(\\w+)\"");

    private final PebbleEngine html;
    private final PebbleEngine text;

    @Autowired
    TemplateRenderer(CompanyZone company) {
        this(company.zone());
    }

    /** @param companyZone {@code hub.leads.zone}: the clock of a recipient who names no {@code timezone} */
    public TemplateRenderer(ZoneId companyZone) {
        this.html = builder(true, companyZone).build();
        this.text = builder(false, companyZone).build();
    }

    /** The engine settings every render and every analysis shares. */
    static PebbleEngine.Builder builder(boolean escapeHtml, ZoneId companyZone) {
        return new PebbleEngine.Builder()
                .loader(new StringLoader())
                .strictVariables(true)
                .autoEscaping(escapeHtml)
                .defaultEscapingStrategy("html")
                .newLineTrimming(false)
                .maxRenderedSize(MAX_RENDERED_CHARS)
                // for the ~ below, with the same precedence and associativity as Pebble's own
                .allowOverrideCoreOperators(true)
                // a template reads maps, lists, text and its loop's index; it never reaches other Java methods
                // (getters included), not even those Pebble's own blacklist lets through, such as String.chars()
                .methodAccessValidator((object, method) -> object instanceof ForNode.LoopVariables
                        && method.getDeclaringClass() == ForNode.LoopVariables.class)
                .registerExtensionCustomizer(new DisallowExtensionCustomizerBuilder()
                        .disallowedTokenParserTags(OTHER_TEMPLATE_TAGS)
                        .build())
                .extension(new AbstractExtension() {
                    @Override
                    public Map<String, Filter> getFilters() {
                        return Map.of("date", new DateFilter(companyZone), "money", new MoneyFilter(), "sentence",
                                new SentenceFilter(), "phone", new PhoneFilter(), "words", new WordsFilter());
                    }

                    @Override
                    public Map<String, Test> getTests() {
                        return Map.of("past", new PastTest(companyZone));
                    }

                    @Override
                    public List<BinaryOperator> getBinaryOperators() {
                        return List.of(new BinaryOperatorImpl("~", 110, BoundedConcatenation::new,
                                BinaryOperatorType.NORMAL, Associativity.LEFT));
                    }

                    @Override
                    public Map<String, Function> getFunctions() {
                        // replaces Pebble's own range (a later extension's function of the same name wins)
                        return Map.of("range", new BoundedRange());
                    }
                });
    }

    /**
     * Renders what a channel needs of a template version.
     *
     * @param content the template's bodies
     * @param channel sms, whatsapp or email
     * @param variant the A/B variant, or null
     * @param context the variables
     * @param recipient the recipient's locale, or null: with the template's language, it decides how dates and
     *            numbers read ({@link TemplateContent#formatFor})
     */
    public RenderedMessage render(TemplateContent content, String channel, String variant, Map<String, Object> context,
            Locale recipient) {
        TemplateContent bodies = content.forVariant(variant);
        Locale locale = content.formatFor(recipient);
        return switch (channel) {
            case "sms" -> new RenderedMessage(channel, variant, null,
                    renderText("sms.text", bodies.sms() == null ? null : bodies.sms().text(), context, locale), null,
                    null);
            case "whatsapp" -> whatsapp(bodies.whatsapp(), bodies.language(), variant, context, locale);
            case "email" -> new RenderedMessage(channel, variant,
                    renderText("email.subject", bodies.email().subject(), context, locale).strip(),
                    renderText("email.text", bodies.email().text(), context, locale),
                    render(html, "email.html", bodies.email().html(), context, locale), null);
            default -> throw new IllegalArgumentException("unknown channel " + channel);
        };
    }

    /**
     * Where a reply to an email of this template goes, as the template renders it: null when it names nobody or
     * renders empty (then {@code hub.mail.reply-to}, else the sender). Not checked here: the caller decides what an
     * address that is none means.
     */
    public String replyTo(TemplateContent content, String variant, Map<String, Object> context) {
        TemplateContent.Email email = content.forVariant(variant).email();
        if (email == null || email.replyTo() == null) {
            return null;
        }
        String rendered = renderText("email.reply_to", email.replyTo(), context, Locale.ROOT).strip();
        return rendered.isEmpty() ? null : rendered;
    }

    /** Compiles a body; a syntax error comes back as the problem to report for {@code field}. */
    public String syntaxProblem(String field, String body, boolean escapeHtml) {
        if (body == null) {
            return null;
        }
        try {
            (escapeHtml ? html : text).getTemplate(body);
            return null;
        } catch (PebbleException e) {
            Matcher tag = UNEXPECTED_TAG.matcher(e.getPebbleMessage());
            String problem = tag.matches() && OTHER_TEMPLATE_TAGS.contains(tag.group(1))
                    ? "{% " + tag.group(1) + " %} is not available: each body stands alone (no "
                            + String.join(", ", OTHER_TEMPLATE_TAGS) + ")"
                    : e.getPebbleMessage();
            return problem + (e.getLineNumber() == null ? "" : " (line " + e.getLineNumber() + ")");
        }
    }

    private RenderedMessage whatsapp(TemplateContent.WhatsApp whatsapp, String language, String variant,
            Map<String, Object> context, Locale locale) {
        String freeText = whatsapp.text() == null
                ? null
                : renderText("whatsapp.text", whatsapp.text(), context, locale);
        RenderedMessage.ProviderTemplateCall call = null;
        if (whatsapp.providerTemplate() != null) {
            TemplateContent.ProviderTemplate template = whatsapp.providerTemplate();
            List<String> values = new ArrayList<>();
            for (String variable : template.variables()) {
                // WhatsApp refuses a value with a line break, a tab or more than four spaces in a row, and upstream
                // free text (an address over two lines) has them: one line, single spaces
                String value = WHITESPACE.matcher(renderText("whatsapp.provider_template.variables",
                        TemplateContent.ProviderTemplate.body(variable), context, locale).strip()).replaceAll(" ");
                if (value.isEmpty()) {
                    throw new TemplateRenderException("whatsapp.provider_template.variables",
                            "variable '" + variable + "' of the approved WhatsApp template is empty", null);
                }
                values.add(value);
            }
            call = new RenderedMessage.ProviderTemplateCall(template.id(),
                    template.language() != null ? template.language() : TemplateContent.ProviderTemplate.code(language),
                    values);
        }
        return new RenderedMessage("whatsapp", variant, null, freeText, null, call);
    }

    private String renderText(String field, String body, Map<String, Object> context, Locale locale) {
        return render(text, field, body, context, locale);
    }

    private static String render(PebbleEngine engine, String field, String body, Map<String, Object> context,
            Locale locale) {
        if (body == null) {
            return null;
        }
        try {
            PebbleTemplate template = engine.getTemplate(body);
            BoundedRange.startBody();
            StringWriter out = new StringWriter();
            template.evaluate(out, context, locale);
            return out.toString();
        } catch (PebbleException e) {
            PebbleException cause = cause(e);
            if (cause instanceof AttributeNotFoundException missing) {
                throw new TemplateRenderException("data." + missing.getAttributeName(), "variable '"
                        + missing.getAttributeName() + "' is missing (" + field + ", line " + missing.getLineNumber()
                        + ")", e);
            }
            throw new TemplateRenderException(field, cause.getPebbleMessage(), e);
        } catch (StackOverflowError e) {
            // a macro that calls itself: the stack has unwound to here, so the thread goes on as after any failure
            throw new TemplateRenderException(field, "calls itself without end (a macro calling itself?)", null);
        } catch (OutOfMemoryError e) {
            // text grown past the heap in a way the limits above do not see (a long list printed whole, a replace
            // into itself): all it built was this render's, garbage now that the stack has unwound to here
            throw new TemplateRenderException(field, "builds more text than memory holds", null);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
    }

    // an {% if %} wraps whatever failed in its condition as "Wrong operand(s) type in conditional expression"; what
    // failed says what is wrong: a missing variable, a date that is none
    private static PebbleException cause(PebbleException e) {
        PebbleException cause = e;
        while (cause.getCause() instanceof PebbleException inner) {
            cause = inner;
        }
        return cause;
    }
}
