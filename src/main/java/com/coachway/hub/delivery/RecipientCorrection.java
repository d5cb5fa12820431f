package com.coachway.hub.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.coachway.hub.consent.Addresses;
import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * What ops may correct when they replay a parked notification with an edited body (API.md §10): who it goes to,
 * never what it says or where it is queued. A delivery message's {@code address} and {@code recipient_name}, or a
 * notify message's {@code recipient.phone}, {@code .email} and {@code .name}. The message is rendered afresh from its
 * template and consent is checked on the corrected address, as for a new message; any other change is a 400 naming
 * it.
 */
final class RecipientCorrection {

    /** Edited paths, and the recipient field each corrects ({@code address} depends on the channel). */
    private static final Map<String, String> FIELDS = Map.of("address", "address", "recipient_name", "name",
            "recipient.phone", "phone", "recipient.email", "email", "recipient.name", "name");

    private RecipientCorrection() {
    }

    /**
     * The recipient after an edit that changed the {@code changed} paths (as the dead letter's audit lists them) and
     * gave {@code edited}; unchanged when the edit changes none of it.
     */
    static Recipient apply(Recipient recipient, List<String> changed, String edited, Addresses addresses,
            ObjectMapper json) {
        JsonNode after = object(edited, json);
        List<FieldError> errors = new ArrayList<>();
        String name = recipient.name();
        String phone = recipient.phone();
        String email = recipient.email();
        for (String path : changed) {
            String field = FIELDS.get(path);
            if (field == null) {
                errors.add(new FieldError("body." + path, "a parked notification is rendered afresh from its"
                        + " template; only its recipient (address, name) can be corrected"));
                continue;
            }
            String value = after.at("/" + path.replace('.', '/')).asText(null);
            if ("address".equals(field)) {
                field = "email".equals(after.path("channel").asText()) ? "email" : "phone";
            }
            switch (field) {
                case "phone" -> {
                    phone = addresses.phone(value).orElse(null);
                    if (phone == null) {
                        errors.add(new FieldError("body." + path, addresses.phoneExpected()));
                    }
                }
                case "email" -> {
                    email = addresses.email(value).orElse(null);
                    if (email == null) {
                        errors.add(new FieldError("body." + path, Addresses.EMAIL_EXPECTED));
                    }
                }
                default -> {
                    name = value == null ? null : value.strip();
                    if (name == null || name.isEmpty() || name.length() > 200) {
                        errors.add(new FieldError("body." + path, "must be a name of 1 to 200 characters"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The edited notification cannot be replayed", errors);
        }
        return new Recipient(name, phone, email, recipient.locale(), recipient.timezone());
    }

    private static JsonNode object(String text, ObjectMapper json) {
        try {
            JsonNode node = text == null ? MissingNode.getInstance() : json.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // answered below
        }
        throw ProblemException.badRequest("The edited notification cannot be replayed",
                List.of(new FieldError("body", "must be the parked message, a JSON object, with corrections")));
    }
}
