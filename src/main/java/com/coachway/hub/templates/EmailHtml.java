package com.coachway.hub.templates;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

import com.coachway.hub.vocabulary.LinkSchemes;

/**
 * What the HTML of an email may not hold: code a mail client would run if it could (scripts, event handlers, embedded
 * documents, forms), and links that are not http(s), mailto or tel. Mail clients strip the first and spam filters count
 * it against the message; the second could run code when a person clicks it. Checked when a template is saved and
 * again on what each send renders, since data fills the links.
 */
public final class EmailHtml {

    // elements that run code, embed another document, post somewhere or move every relative link elsewhere
    private static final Set<String> FORBIDDEN = Set.of("script", "iframe", "frame", "frameset", "object", "embed",
            "applet", "form", "base");
    // attributes a mail client follows or loads
    private static final Set<String> LINKS = Set.of("href", "src", "background", "action", "formaction");
    // an event handler always has code; a bare word such as "one" is a template's {% if one %}
    private static final Pattern HANDLER = Pattern.compile("on[a-z]+");
    private static final String WHY = ": mail clients remove it, and spam filters count it against the message";
    private static final int SHOWN = 60;

    private EmailHtml() {
    }

    /** The first thing a rendered email body must not hold, said as a field error ("must not …"), if any. */
    public static Optional<String> problem(String html) {
        return problems(html, false).stream().findFirst();
    }

    /**
     * Everything a template's HTML must not hold, each said once, so an admin fixes them in one go. A link whose scheme
     * the template language writes ({@code {{ scheme }}:…}) is left to the check of each send.
     */
    static List<String> templateProblems(String html) {
        return problems(html, true);
    }

    private static List<String> problems(String html, boolean template) {
        if (html == null) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        for (Element element : Jsoup.parse(html).getAllElements()) {
            if (FORBIDDEN.contains(element.normalName())) {
                found.add("must not hold <" + element.normalName() + ">" + WHY);
            }
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                if (HANDLER.matcher(name).matches() && !attribute.getValue().isBlank()) {
                    found.add("must not hold the event handler " + name + " (on <" + element.normalName() + ">)"
                            + WHY);
                }
                if (LINKS.contains(name) && !LinkSchemes.safe(attribute.getValue())
                        && !(template && schemeIsTemplated(attribute.getValue()))) {
                    found.add("must not link to '" + shown(attribute.getValue().strip()) + "': only "
                            + LinkSchemes.ALLOWED + " reach a mailbox");
                }
            }
        }
        return List.copyOf(found);
    }

    private static boolean schemeIsTemplated(String href) {
        int colon = href.indexOf(':');
        return colon > 0 && href.substring(0, colon).contains("{");
    }

    private static String shown(String link) {
        return link.length() <= SHOWN ? link : link.substring(0, SHOWN) + "…";
    }
}
