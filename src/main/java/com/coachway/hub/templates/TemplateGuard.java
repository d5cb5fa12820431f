package com.coachway.hub.templates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.providers.WhatsAppProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The static safety check of API.md §2a: every variable a template uses on a channel must be guaranteed by the data
 * of whoever sends it there, or guarded. Run on every template save, at start and on every routing-table reload.
 */
@Component
public class TemplateGuard {

    private final ObjectProvider<TemplateUsages> sources;
    private final TemplateStore store;
    private final WhatsAppProperties whatsapp;

    public TemplateGuard(ObjectProvider<TemplateUsages> sources, TemplateStore store, WhatsAppProperties whatsapp) {
        this.sources = sources;
        this.store = store;
        this.whatsapp = whatsapp;
    }

    /** Every use of a template by every feature that sends templates. */
    public List<TemplateUsage> usagesOf(String name) {
        return sources.orderedStream().flatMap(s -> s.usages().stream()).filter(u -> u.template().equals(name))
                .toList();
    }

    /** The problems of a template about to be saved under {@code name}, against every use of that name. */
    public List<FieldError> check(String name, TemplateContent content) {
        return check(name, content, usagesOf(name));
    }

    /** The problems of the templates in force under the given uses; a use of a missing template is one too. */
    public List<String> checkStored(Collection<TemplateUsage> usages) {
        List<String> problems = new ArrayList<>();
        byTemplate(usages).forEach((name, uses) -> {
            Optional<Template> template = store.current(name);
            if (template.isEmpty()) {
                problems.add(uses.get(0).usedBy() + " sends template '" + name + "', which does not exist");
                return;
            }
            check(name, template.get().content(), uses).forEach(e -> problems.add(e.field() + ": " + e.message()));
        });
        return problems;
    }

    /**
     * The data a single message lacks for its template: each unguarded variable its own data does not hold, named
     * by its path under {@code data} (for {@code POST /api/v1/notifications} and templates picked from event data).
     */
    public List<FieldError> missingData(String name, TemplateContent content, List<String> channels, JsonNode data,
            String usedBy) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        for (Finding finding : findings(name, content,
                List.of(new TemplateUsage(name, usedBy, channels, TemplateUsage.presentIn(data))), true)) {
            errors.putIfAbsent(finding.path(), new FieldError("data." + finding.path(), "is used by template '" + name
                    + "' (" + finding.channel() + ") and must be sent, or the template must guard it"));
        }
        return List.copyOf(errors.values());
    }

    /**
     * The channels on which a template prints the recipient's name without a guard: a message to a recipient with no
     * name must not be sent there, or it reads "Hi ,".
     */
    public List<String> channelsNamingTheRecipient(String name, TemplateContent content, List<String> channels) {
        TemplateUsage nameless = new TemplateUsage(name, "a recipient with no name", channels,
                path -> !HubVariables.RECIPIENT_NAME.equals(path));
        return findings(name, content, List.of(nameless), false).stream().map(Finding::channel).distinct().toList();
    }

    /**
     * The problems of {@code content} under the given uses, each naming template, channel, variable and sender; a
     * use on channels the template has no body for at all is one too (every message of it would be parked).
     */
    public List<FieldError> check(String name, TemplateContent content, Collection<TemplateUsage> usages) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        for (TemplateUsage usage : usages) {
            List<String> channels = usage.channels();
            if (!channels.isEmpty() && !content.supportsAny(channels)) {
                String on = channels.size() == 1
                        ? channels.get(0) + ", the channel "
                        : "any of " + String.join(", ", channels) + ", the channels ";
                String message = "template '" + name + "' has no body for " + on + usage.usedBy()
                        + " sends it on; add one, or change the channels there";
                errors.putIfAbsent(channels.get(0) + "|" + message, new FieldError(channels.get(0), message));
            }
        }
        for (Finding finding : findings(name, content, usages, true)) {
            String fix = finding.approved()
                    ? "an approved WhatsApp template holds no conditions: name a required path or add "
                            + "| default('...')"
                    : guardAdvice(finding.path());
            String message = "template '" + name + "', channel " + finding.channel() + ": variable '"
                    + finding.path() + "' is neither required by " + finding.usage().usedBy() + " nor guarded; " + fix;
            errors.putIfAbsent(finding.field() + "|" + message, new FieldError(finding.field(), message));
        }
        return List.copyOf(errors.values());
    }

    // inside a loop the path is the list's ("events[].data.comment"), which no template can write in an {% if %}
    private static String guardAdvice(String path) {
        int loop = path.lastIndexOf("[]");
        return loop < 0
                ? "guard it with {% if " + path + " is defined %} or give it a | default('...')"
                : "guard it inside the loop with {% if <item>" + path.substring(loop + 2) + " is defined %} (<item>"
                        + " being the loop's variable) or give it a | default('...')";
    }

    /** What the templates in force may do under the given uses that is allowed but will often park. */
    public List<String> cautionsStored(Collection<TemplateUsage> usages) {
        List<String> cautions = new ArrayList<>();
        byTemplate(usages).forEach((name, uses) -> store.current(name)
                .ifPresent(template -> cautions.addAll(cautions(name, template.content(), uses))));
        return cautions;
    }

    private static Map<String, List<TemplateUsage>> byTemplate(Collection<TemplateUsage> usages) {
        Map<String, List<TemplateUsage>> byTemplate = new LinkedHashMap<>();
        usages.forEach(u -> byTemplate.computeIfAbsent(u.template(), k -> new ArrayList<>()).add(u));
        return byTemplate;
    }

    /**
     * What {@code content} may do under the given uses that is allowed but will often park or fail: WhatsApp is the
     * last channel a use can send it on, and it has no approved WhatsApp template (in some variant). Free text reaches
     * only a recipient who wrote within 24 hours; for anyone else, which is most recipients of a message the business
     * starts, it has nowhere left to go and is parked. And an approved template the WhatsApp provider in use cannot
     * know (allowed: the ids are changed before the provider is).
     */
    public List<String> cautions(String name, TemplateContent content, Collection<TemplateUsage> usages) {
        // a template with variants always sends one of them
        List<String> variants = content.variants().isEmpty()
                ? Collections.singletonList(null)
                : List.copyOf(content.variants().keySet());
        Set<String> cautions = new LinkedHashSet<>();
        variants.stream().map(variant -> content.forVariant(variant).whatsapp())
                .filter(body -> body != null && body.providerTemplate() != null)
                .map(body -> body.providerTemplate().id()).distinct()
                .forEach(id -> whatsapp.approvedTemplateMisfit(id).ifPresent(why -> cautions.add("template '" + name
                        + "': whatsapp.provider_template.id '" + id + "' " + why)));
        for (TemplateUsage usage : usages) {
            for (String variant : variants) {
                TemplateContent bodies = content.forVariant(variant);
                List<String> carried = usage.channels().stream().filter(bodies::supports).toList();
                if (usage.inWindow() || carried.isEmpty() || !"whatsapp".equals(carried.get(carried.size() - 1))
                        || bodies.whatsapp().providerTemplate() != null) {
                    continue;
                }
                cautions.add("template '" + name + "'" + (variant == null ? "" : ", variant " + variant) + ": "
                        + usage.usedBy() + " sends it last on WhatsApp, where it has free text only; outside the"
                        + " recipient's 24-hour window each such message is parked. Add whatsapp.provider_template (an"
                        + " approved template), or a channel after whatsapp there");
            }
        }
        return List.copyOf(cautions);
    }

    /** One variable used without a guarantee: where, on which channel, under which use. */
    private record Finding(String field, String channel, String path, TemplateUsage usage, boolean approved) {
    }

    private static List<Finding> findings(String name, TemplateContent content, Collection<TemplateUsage> usages,
            boolean recipientNamed) {
        List<Finding> errors = new ArrayList<>();
        for (TemplateUsage usage : usages) {
            for (String channel : usage.channels()) {
                Predicate<String> known = HubVariables.guaranteed(channel, recipientNamed).or(usage.guaranteed());
                List<String> variants = new ArrayList<>();
                variants.add(null);
                variants.addAll(content.variants().keySet());
                for (String variant : variants) {
                    TemplateContent bodies = content.forVariant(variant);
                    if (!bodies.supports(channel)) {
                        continue;
                    }
                    String prefix = variant == null ? "" : "variants." + variant + ".";
                    bodies(bodies, channel).forEach((field, body) -> {
                        for (String path : TemplateVariables.unguarded(body, known)) {
                            errors.add(new Finding(prefix + field, channel, path, usage, false));
                        }
                    });
                    if ("whatsapp".equals(channel) && bodies.whatsapp().providerTemplate() != null) {
                        for (String variable : bodies.whatsapp().providerTemplate().variables()) {
                            for (String path : TemplateVariables.unguardedExpression(variable, known)) {
                                errors.add(new Finding(prefix + "whatsapp.provider_template.variables", channel,
                                        path, usage, true));
                            }
                        }
                    }
                }
            }
        }
        return errors;
    }

    /** The bodies of a channel by field ({@code email.subject}), those present. */
    static Map<String, String> bodies(TemplateContent bodies, String channel) {
        Map<String, String> texts = new LinkedHashMap<>();
        switch (channel) {
            case "sms" -> texts.put("sms.text", bodies.sms().text());
            case "whatsapp" -> texts.put("whatsapp.text", bodies.whatsapp().text());
            case "email" -> {
                texts.put("email.subject", bodies.email().subject());
                texts.put("email.html", bodies.email().html());
                texts.put("email.text", bodies.email().text());
                texts.put("email.reply_to", bodies.email().replyTo());
            }
            default -> {
            }
        }
        texts.values().removeIf(Objects::isNull);
        return texts;
    }
}
