package com.coachway.hub.templates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.coachway.hub.vocabulary.Channel;

/**
 * The variables the hub puts beside the data of every message it renders: {@code recipient}, {@code company} and, on
 * email, {@code unsubscribe_url}. The channel dispatcher fills them when it sends; the preview fills the company and
 * an example link, and takes the recipient from its data; {@link TemplateGuard} counts them as always there.
 */
public final class HubVariables {

    public static final String RECIPIENT = "recipient";
    public static final String RECIPIENT_NAME = RECIPIENT + ".name";
    public static final String COMPANY = "company";
    public static final String UNSUBSCRIBE_URL = "unsubscribe_url";
    static final String TIMEZONE = "timezone";

    // what a template may use without any sender's data guaranteeing it: event recipients always have a name (their
    // schema requires one); a request to POST /api/v1/notifications may not, and is checked for it on its own
    private static final Set<String> ALWAYS = Set.of(RECIPIENT, RECIPIENT_NAME, COMPANY, COMPANY + ".name",
            COMPANY + ".postal_address");

    private HubVariables() {
    }

    /** Who signs the messages; the mail settings. */
    public interface Sender {

        String fromName();

        String postalAddress();
    }

    /** The variable paths the hub guarantees on a channel, the recipient's name only to a recipient that has one. */
    static Predicate<String> guaranteed(String channel, boolean recipientNamed) {
        return path -> (ALWAYS.contains(path) && (recipientNamed || !RECIPIENT_NAME.equals(path)))
                || Channel.EMAIL.wire().equals(channel) && UNSUBSCRIBE_URL.equals(path);
    }

    /**
     * {@code recipient}: any part may be null, the name only where no template on the channel prints it. Its
     * {@code timezone} is the zone the {@code date} filter shows instants in.
     */
    public static Map<String, Object> recipient(String name, String phone, String email, String locale,
            String timezone) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("name", name);
        recipient.put("phone", phone);
        recipient.put("email", email);
        recipient.put("locale", locale);
        recipient.put(TIMEZONE, timezone);
        return recipient;
    }

    /**
     * What a send renders a template with: the message's data, then beside it {@code recipient}, {@code event} (when
     * an event sent it), {@code company} and {@code unsubscribe_url} (on email); null parts are left out.
     */
    public static Map<String, Object> context(Map<String, Object> data, Map<String, Object> recipient,
            Map<String, Object> event, Sender sender, String unsubscribeUrl) {
        Map<String, Object> context = new LinkedHashMap<>();
        if (data != null) {
            context.putAll(data);
        }
        context.put(RECIPIENT, recipient);
        if (event != null) {
            context.put("event", event);
        }
        context.put(COMPANY, company(sender));
        if (unsubscribeUrl != null) {
            context.put(UNSUBSCRIBE_URL, unsubscribeUrl);
        }
        return context;
    }

    /** {@code company}: the sender's name and postal address. */
    public static Map<String, Object> company(Sender sender) {
        Map<String, Object> company = new LinkedHashMap<>();
        company.put("name", sender.fromName());
        company.put("postal_address", sender.postalAddress());
        return company;
    }
}
