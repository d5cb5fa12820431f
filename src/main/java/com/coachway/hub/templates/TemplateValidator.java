package com.coachway.hub.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.vocabulary.Category;
import com.coachway.hub.vocabulary.LanguageTags;
import com.coachway.hub.vocabulary.Mailboxes;

/**
 * Checks a template before it is stored: names, categories, weights, that every body compiles, and that an email's HTML
 * holds nothing a mail client would strip or a click could run ({@link EmailHtml}).
 */
@Component
class TemplateValidator {

    public static final List<String> CATEGORIES = Category.NAMES;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,63}");
    static final Pattern VARIANT = Pattern.compile("[A-Z][A-Za-z0-9_]{0,19}");
    // a data path, optionally followed by filters: trip.date | date('{day}') | default('your travel day'); no
    // braces but a date style's in quotes, so a variable cannot close its {{ }} and open a tag of its own
    static final Pattern VARIABLE = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*(\\s*\\|(?:[^{}%']|'(?:[^'{}%]|\\{[a-z ]+})*')*)?");
    static final int MAX_SMS = 1600;
    static final int MAX_BODY = 100_000;
    // an address is at most 254 characters; a template of one may need a guard around it
    static final int MAX_REPLY_TO = 500;

    private final TemplateRenderer renderer;

    public TemplateValidator(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /** Every problem of a draft; empty when it may be stored. {@code name} is checked only when {@code checkName}. */
    public List<FieldError> problems(TemplateDraft draft, boolean checkName) {
        List<FieldError> errors = new ArrayList<>();
        if (checkName && (draft.name() == null || !NAME.matcher(draft.name()).matches())) {
            errors.add(new FieldError("name", "must be 1-64 lower-case letters, digits and '_'"));
        }
        if (draft.category() == null || !CATEGORIES.contains(draft.category())) {
            errors.add(FieldError.oneOf("category", CATEGORIES));
        }
        if (draft.language() != null && !LanguageTags.valid(draft.language())) {
            errors.add(new FieldError("language", LanguageTags.EXPECTED));
        }
        TemplateContent content = draft.content();
        if (!content.supports("sms") && !content.supports("whatsapp") && !content.supports("email")) {
            errors.add(new FieldError("$", "needs a body for at least one channel (sms, whatsapp or email)"));
        }
        checkBodies("", draft.sms(), draft.whatsapp(), draft.email(), true, errors);
        for (Map.Entry<String, TemplateContent.Variant> entry : content.variants().entrySet()) {
            String prefix = "variants." + entry.getKey();
            if (!VARIANT.matcher(entry.getKey()).matches()) {
                errors.add(new FieldError(prefix, "variant names start with a capital letter, like A or B"));
            }
            TemplateContent.Variant variant = entry.getValue();
            if (variant == null || variant.weight() < 1 || variant.weight() > 1000) {
                errors.add(new FieldError(prefix + ".weight", "must be between 1 and 1000"));
                continue;
            }
            checkBodies(prefix + ".", variant.sms(), variant.whatsapp(), variant.email(), false, errors);
        }
        if (content.variants().size() == 1) {
            errors.add(new FieldError("variants", "an A/B test needs at least two variants"));
        }
        return errors;
    }

    private void checkBodies(String prefix, TemplateContent.Sms sms, TemplateContent.WhatsApp whatsapp,
            TemplateContent.Email email, boolean complete, List<FieldError> errors) {
        if (sms != null) {
            body(prefix + "sms.text", sms.text(), MAX_SMS, false, complete, errors);
        }
        if (whatsapp != null) {
            if (complete && whatsapp.text() == null && whatsapp.providerTemplate() == null) {
                errors.add(new FieldError(prefix + "whatsapp", "needs text, provider_template or both"));
            }
            body(prefix + "whatsapp.text", whatsapp.text(), 4096, false, false, errors);
            TemplateContent.ProviderTemplate provider = whatsapp.providerTemplate();
            if (provider != null) {
                if (provider.id() == null || provider.id().isBlank() || provider.id().length() > 512) {
                    errors.add(new FieldError(prefix + "whatsapp.provider_template.id",
                            "is the approved template (Twilio ContentSid or Meta template name)"));
                }
                for (String variable : provider.variables()) {
                    String field = prefix + "whatsapp.provider_template.variables";
                    if (variable == null || variable.length() > 500 || !VARIABLE.matcher(variable.strip()).matches()) {
                        errors.add(new FieldError(field, "each variable is a dot path into the data, like "
                                + "recipient.name, optionally with filters: trip.date | default('soon')"));
                        continue;
                    }
                    String body = TemplateContent.ProviderTemplate.body(variable);
                    String problem = renderer.syntaxProblem(field, body, false);
                    if (problem != null) {
                        errors.add(new FieldError(field, "'" + variable + "' does not compile: " + problem));
                    } else {
                        constants(field, body, errors);
                    }
                }
            }
        }
        if (email != null) {
            body(prefix + "email.subject", email.subject(), 998, false, complete, errors);
            body(prefix + "email.html", email.html(), MAX_BODY, true, complete, errors);
            body(prefix + "email.text", email.text(), MAX_BODY, false, complete, errors);
            replyTo(prefix + "email.reply_to", email.replyTo(), errors);
        }
    }

    // an address, or a template of one; a plain one is checked now rather than at each send
    private void replyTo(String field, String replyTo, List<FieldError> errors) {
        if (replyTo == null) {
            return;
        }
        body(field, replyTo, MAX_REPLY_TO, false, false, errors);
        if (!replyTo.isBlank() && !replyTo.contains("{{") && !replyTo.contains("{%")
                && !Mailboxes.valid(replyTo.strip())) {
            errors.add(new FieldError(field, "must be " + Mailboxes.EXPECTED + ", or a template of one such as "
                    + "{{ agent.email }}"));
        }
    }

    private void body(String field, String body, int max, boolean html, boolean required, List<FieldError> errors) {
        if (body == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return;
        }
        if (body.isBlank()) {
            errors.add(new FieldError(field, "must not be empty"));
        } else if (body.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        } else {
            String problem = renderer.syntaxProblem(field, body, html);
            if (problem != null) {
                errors.add(new FieldError(field, "does not compile: " + problem));
            } else {
                constants(field, body, errors);
                if (html) {
                    EmailHtml.templateProblems(body).forEach(unsafe -> errors.add(new FieldError(field, unsafe)));
                }
            }
        }
    }

    // what fails (or reads wrong) whatever the data: said at save, not at the first send
    private static void constants(String field, String body, List<FieldError> errors) {
        TemplateVariables.Constants constants = TemplateVariables.constants(body);
        for (String format : constants.dateFormats()) {
            String problem = DateFilter.patternProblem(format);
            if (problem != null) {
                errors.add(new FieldError(field, problem));
            }
        }
        for (TemplateVariables.Range range : constants.ranges()) {
            long count = BoundedRange.count(range.start(), range.end(), range.increment());
            if (count > BoundedRange.BUDGET) {
                errors.add(new FieldError(field,
                        BoundedRange.refusal(range.start(), range.end(), range.increment(), count)));
            }
        }
        for (String name : constants.selfDoubling()) {
            errors.add(new FieldError(field, "sets " + name + " from two copies of itself: it doubles each time it"
                    + " runs, and in a loop fills the hub's memory; build it from the loop's items instead ({% set "
                    + name + " = " + name + " ~ item %})"));
        }
        for (String method : constants.methodCalls()) {
            errors.add(new FieldError(field, "calls " + method + "(): a template reads its data and cannot call "
                    + "methods on it; use a filter instead, such as upper, lower, trim, date or default"));
        }
    }
}
