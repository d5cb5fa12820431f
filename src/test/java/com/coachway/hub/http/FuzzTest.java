package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.ProviderWebhooks;

/**
 * Mutation fuzzing of every inbound endpoint (issue 11, item 8): valid requests, each bent by one to three
 * mutations (hostile text in a value, NUL, invalid UTF-8, a cut, duplicate keys, deep nesting, odd headers), sent
 * 2,400 times with a fixed seed so a finding can be replayed. The hub may refuse anything; it may never answer 5xx.
 */
@TestPropertySource(properties = {"hub.rate.sms=500", "hub.rate.whatsapp=500", "hub.rate.email=500"})
class FuzzTest extends DeliveryIntegrationTest {

    static final long SEED = 20261201L;
    static final int INPUTS = 2400;
    static final String OPS = "Bearer " + OPS_KEY;
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes());

    // what broke the hub before, and what usually breaks services: kept as the regression corpus
    static final List<String> HOSTILE = List.of("\\u0000", "\u0000", "a\u0000b", "\uFFFF", "\uD800", "\u202Eevil",
            "𝕏🚌", "' OR 1=1 --", "\"; DROP TABLE events; --", "{{ 7*7 }}", "{% if %}", "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "https://evil.example/\" onmouseover=\"x", "%00", "%ZZ",
            "..%2F..%2Fetc%2Fpasswd", "\r\nSet-Cookie: x=1", "x".repeat(70_000), "", " ", "-1", "1e309",
            "9999999999999999999999", "2026-02-30", "+1 (555) 555-1234 ext 9", "null", "true", "[]", "{}");
    static final List<String> JSON_VALUES = List.of("null", "true", "-0", "1e309", "[]", "{}", "[[[[[[[[]]]]]]]]",
            "\"" + "x".repeat(5000) + "\"", "{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}", "\"\\u0000\"", "\"\\ud800\"");

    static final String EVENT = """
            {"specversion":"1.0","id":"evt-%s","source":"charter-service","type":"charter.confirmed",
             "time":"2026-03-01T10:00:00Z","subject":"charter/186","datacontenttype":"application/json",
             "data":{"charter_id":186,"client":{"name":"Ana Ruiz","phone":"+15555551234","email":"ana@example.com"},
             "trip":{"date":"2027-06-12","pickup":"Boston"},"quote_url":"https://coachway.example/q/1"}}""";
    static final String NOTIFICATION = """
            {"template":"payment_confirmation","channels":["whatsapp","sms"],"category":"transactional",
             "priority":"normal","to":{"name":"Ana","phone":"+15555551234","email":"ana@example.com","locale":"en"},
             "data":{"amount":"450.00","charter_id":186},"send_at":null}""";
    static final String LEAD = """
            {"first_name":"Maria","last_name":"Lopez","email":"maria.%s@example.com","phone":"+16175550142",
             "source":"web","trip_details":"Choir","estimated_passengers":20,"estimated_trip_date":"2027-09-19"}""";
    static final String META = """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
             "messages":[{"from":"15555551234","id":"wamid.%s","type":"text","text":{"body":"STOP"}}],
             "statuses":[{"id":"wamid.x","status":"delivered","timestamp":"1700000000","recipient_id":"1555"}]}}]}]}""";

    private final Random random = new Random(SEED);

    @Test
    void noGeneratedInputGetsA5xx() {
        twilioAccepts();
        List<Function<Integer, HttpResponse<String>>> targets = List.of(this::event, this::batch, this::binary,
                this::notification, this::lead, this::optOut, this::meta, this::twilioInbound, this::twilioStatus,
                this::tracking, this::deadLetters, this::bulkDeadLetters, this::preview, this::queryEverywhere);
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            int target = random.nextInt(targets.size());
            HttpResponse<String> response;
            try {
                response = targets.get(target).apply(i);
            } catch (IllegalStateException e) {
                // Tomcat closes a connection after refusing a body it did not read (413), and the client may reuse
                // it for the next request: that one is sent again on a fresh connection, and must be answered then
                try {
                    response = targets.get(target).apply(i);
                } catch (IllegalStateException again) {
                    findings.add("#" + i + " target " + target + " -> no answer: " + again.getCause());
                    continue;
                }
            }
            if (response.statusCode() >= 500) {
                findings.add("#" + i + " target " + target + " -> " + response.statusCode() + " "
                        + response.request().uri() + ": " + response.body());
            }
        }
        assertThat(findings).as("inputs answered 5xx (seed %d)", SEED).isEmpty();
    }

    private HttpResponse<String> event(int i) {
        return send("POST", "/api/v1/events", pick("application/cloudevents+json", "application/json",
                "application/cloudevents+json; charset=utf-8", "text/plain", "application/json; charset=latin1"),
                mutate(EVENT.formatted(i)), "Authorization", "Bearer " + CHARTER_KEY);
    }

    private HttpResponse<String> batch(int i) {
        String batch = "[" + EVENT.formatted("b" + i) + "," + EVENT.formatted("c" + i) + "]";
        return send("POST", "/api/v1/events", "application/cloudevents-batch+json", mutate(batch), "Authorization",
                "Bearer " + CHARTER_KEY);
    }

    private HttpResponse<String> binary(int i) {
        return send("POST", "/api/v1/events", pick("application/json", "application/vnd.x+json", "text/csv"),
                mutate("{\"client\":{\"name\":\"Ana\",\"phone\":\"+15555551234\"}}"), "Authorization",
                "Bearer " + CHARTER_KEY, "ce-specversion", header("1.0"), "ce-id", header("evt-bin-" + i),
                "ce-source", header("charter-service"), "ce-type", header("trip.reminder"), "ce-time",
                header("2026-03-01T10:00:00Z"));
    }

    private HttpResponse<String> notification(int i) {
        return send("POST", "/api/v1/notifications", "application/json", mutate(NOTIFICATION), "Authorization",
                "Bearer " + CHARTER_KEY, "Idempotency-Key", header("key-" + i));
    }

    private HttpResponse<String> lead(int i) {
        return send("POST", "/api/v1/leads", "application/json", mutate(LEAD.formatted(i)), "Authorization",
                "Bearer " + SALES_KEY);
    }

    private HttpResponse<String> optOut(int i) {
        return send("POST", "/api/v1/consent/" + pick("sms", "email", "whatsapp", "fax", "%00") + "/opt-out",
                "application/json", mutate("{\"address\":\"+15555551234\",\"reason\":\"asked\"}"), "Authorization",
                OPS);
    }

    private HttpResponse<String> meta(int i) {
        byte[] body = mutate(META.formatted(i));
        return send("POST", "/webhooks/whatsapp", "application/json", body, "X-Hub-Signature-256",
                ProviderWebhooks.metaSignature(new String(body, StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> twilioInbound(int i) {
        return twilioForm("/webhooks/twilio/inbound", Map.of("MessageSid", "SM" + i, "From", "+15555551234", "To",
                "+15005550006", "Body", "STOP"));
    }

    private HttpResponse<String> twilioStatus(int i) {
        return twilioForm("/webhooks/twilio/status", Map.of("MessageSid", "SM" + i, "MessageStatus", "delivered",
                "ErrorCode", "30003"));
    }

    private HttpResponse<String> twilioForm(String path, Map<String, String> form) {
        Map<String, String> params = new LinkedHashMap<>();
        form.forEach((name, value) -> params.put(name, random.nextInt(3) == 0 ? pick(HOSTILE) : value));
        if (random.nextInt(4) == 0) {
            params.put(pick(HOSTILE), pick(HOSTILE));
        }
        String body = ProviderWebhooks.form(params);
        return send("POST", path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", random.nextInt(5) == 0
                        ? "forged"
                        : ProviderWebhooks.twilioSignature(ProviderWebhooks.PUBLIC_BASE_URL + path, params));
    }

    private HttpResponse<String> tracking(int i) {
        return send(pick("GET", "POST"), pick("/t/o/", "/t/c/", "/u/") + encode(pick(HOSTILE)), null, new byte[0]);
    }

    private HttpResponse<String> deadLetters(int i) {
        return send("GET", "/ops/api/dead-letters?" + query(), null, new byte[0], "Authorization", OPS);
    }

    private HttpResponse<String> bulkDeadLetters(int i) {
        String filter = "{\"queue\":\"q.router\",\"reason\":\"x\",\"since\":\"2026-01-01T00:00:00Z\"}";
        boolean discard = random.nextBoolean();
        return send("POST", "/ops/api/dead-letters/" + (discard ? "discard" : "replay"), "application/json",
                mutate("{\"filter\":" + filter + (discard ? ",\"reason\":\"fuzz\"" : "") + ",\"dry_run\":true}"),
                "Authorization", OPS);
    }

    private HttpResponse<String> preview(int i) {
        return send("POST", "/api/v1/templates/" + pick("charter_confirmed", "quote_sent", "trip_reminder")
                + "/preview", "application/json",
                mutate("{\"channel\":\"email\",\"data\":{\"charter_id\":186,"
                        + "\"trip\":{\"date\":\"2027-06-12\"},\"recipient\":{\"name\":\"Ana\"}}}"),
                "Authorization", ADMIN);
    }

    private HttpResponse<String> queryEverywhere(int i) {
        return send("GET", pick("/api/v1/notifications", "/api/v1/leads", "/api/v1/stats", "/api/v1/event-types",
                "/api/v1/notifications/" + encode(pick(HOSTILE)), "/api/v1/leads/" + encode(pick(HOSTILE)),
                "/api/v1/event-types/" + encode(pick(HOSTILE)), "/error") + "?" + query(), null, new byte[0],
                "Authorization", OPS);
    }

    /** A valid body bent by one to three mutations. */
    private byte[] mutate(String valid) {
        String text = valid;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(8)) {
                case 0 -> text = replaceAString(text, pick(HOSTILE));
                case 1 -> text = replaceAValue(text, pick(JSON_VALUES));
                case 2 -> text = text.substring(0, random.nextInt(text.length() + 1));
                case 3 -> text = text.replaceFirst("\\{", "{\"" + pick("id", "source", "data", "to", "a")
                        + "\":1,");
                case 4 -> text = "[".repeat(2 + random.nextInt(200)) + text;
                case 5 -> text = text.replace("\"", random.nextBoolean() ? "'" : "\"\"");
                default -> {
                    // left for the byte-level mutation below
                }
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(6) == 0 && bytes.length > 0) {
            // invalid UTF-8: a lone continuation byte, a truncated sequence
            byte[] broken = new byte[bytes.length + 2];
            int at = random.nextInt(bytes.length);
            System.arraycopy(bytes, 0, broken, 0, at);
            broken[at] = (byte) 0xC3;
            broken[at + 1] = (byte) (random.nextBoolean() ? 0x28 : 0xFF);
            System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
            return broken;
        }
        return bytes;
    }

    private String replaceAString(String text, String replacement) {
        List<int[]> strings = new ArrayList<>();
        for (int i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
            int open = text.indexOf('"', i);
            int close = open < 0 ? -1 : text.indexOf('"', open + 1);
            if (open == i + 1 && close > open) {
                strings.add(new int[]{open + 1, close});
            }
        }
        if (strings.isEmpty()) {
            return text;
        }
        int[] span = strings.get(random.nextInt(strings.size()));
        String escaped = replacement.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r")
                .replace("\n", "\\n");
        return text.substring(0, span[0]) + (random.nextBoolean() ? escaped : replacement) + text.substring(span[1]);
    }

    private String replaceAValue(String text, String value) {
        int colon = text.indexOf(':', random.nextInt(Math.max(1, text.length())));
        if (colon < 0) {
            return text;
        }
        int end = colon + 1;
        while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(0, colon + 1) + value + text.substring(end);
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        for (String name : List.of("status", "since", "until", "page", "size", "recipient", "queue", "reason",
                "template", "event_id", "agent_id")) {
            if (random.nextInt(3) == 0) {
                query.append(name).append('=').append(random.nextInt(4) == 0 ? "%00%C3%28" : encode(pick(HOSTILE)))
                        .append('&');
            }
        }
        return query.toString();
    }

    private String header(String valid) {
        if (random.nextInt(4) != 0) {
            return valid;
        }
        // HttpClient refuses control characters in headers itself: the rest is fair game
        return pick(HOSTILE).replaceAll("[\\x00-\\x1f\\x7f]", "?").replaceAll("[^\\x20-\\x7e]", "%E2%80%AE");
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 && method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body,
            String... headers) {
        return send(method, path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text.length() > 2000 ? text.substring(0, 2000) : text, StandardCharsets.UTF_8);
    }
}
