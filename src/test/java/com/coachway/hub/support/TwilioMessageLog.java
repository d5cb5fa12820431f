package com.coachway.hub.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Twilio's message log, faked at the wire. A create request answered through this transformer is kept the moment it
 * arrives (as Twilio keeps a message before it answers, however late the answer comes) and answered with its SID; a
 * list request ({@code GET Messages.json?To=&From=}) answers from the log, newest first, in Twilio's page format. A
 * create stub without this transformer stands for a request Twilio never took.
 */
public final class TwilioMessageLog implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "twilio-message-log";
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
            Locale.ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message Twilio took. */
    public record Taken(String sid, String to, String from, String body, ZonedDateTime created) {
    }

    private final Deque<Taken> taken = new ConcurrentLinkedDeque<>();
    private volatile int unavailablePercent;
    private volatile int slowPercent;
    private volatile int slowMillis;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Forgets every message and every fault (between tests). */
    public void clear() {
        taken.clear();
        faults(0, 0, 0);
    }

    /**
     * From now on, {@code unavailablePercent} of create requests are answered 503 and not kept, and
     * {@code slowPercent} are kept but answered only after {@code slowMillis} (longer than the hub waits).
     */
    public void faults(int unavailablePercent, int slowPercent, int slowMillis) {
        this.unavailablePercent = unavailablePercent;
        this.slowPercent = slowPercent;
        this.slowMillis = slowMillis;
    }

    /** How many messages Twilio took more than once for the same number: what the recipients would see twice. */
    public int duplicates() {
        Map<String, Long> perNumber = taken.stream()
                .collect(Collectors.groupingBy(Taken::to, Collectors.counting()));
        return (int) perNumber.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** What Twilio took, oldest first. */
    public List<Taken> taken() {
        return List.copyOf(taken);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ResponseDefinition stubbed = event.getResponseDefinition();
        if ("GET".equals(event.getRequest().getMethod().getName())) {
            // as text: the standalone WireMock has a Jackson of its own, which does not know our ObjectNode
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(page(event.getRequest().queryParameter("To").firstValue(),
                            event.getRequest().queryParameter("From").firstValue()).toString())
                    .build();
        }
        int dice = ThreadLocalRandom.current().nextInt(100);
        if (dice < unavailablePercent) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(503).build();
        }
        if (dice < unavailablePercent + slowPercent) {
            stubbed = ResponseDefinitionBuilder.like(stubbed).but().withFixedDelay(slowMillis).build();
        }
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        String sid = "SM" + event.getId().toString().replace("-", "");
        taken.addLast(new Taken(sid, form.get("To"), form.get("From"), form.get("Body"),
                ZonedDateTime.now(ZoneOffset.UTC)));
        ObjectNode body = JSON.createObjectNode().put("sid", sid).put("status", "queued").put("to", form.get("To"))
                .put("from", form.get("From")).put("body", form.get("Body"));
        return ResponseDefinitionBuilder.like(stubbed).but().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private ObjectNode page(String to, String from) {
        List<Taken> newestFirst = new ArrayList<>(taken);
        Collections.reverse(newestFirst);
        ArrayNode messages = JSON.createArrayNode();
        for (Taken message : newestFirst) {
            if (message.to().equals(to) && message.from().equals(from)) {
                messages.addObject().put("sid", message.sid()).put("to", message.to()).put("from", message.from())
                        .put("body", message.body()).put("status", "sent")
                        .put("date_created", RFC_2822.format(message.created()));
            }
        }
        ObjectNode page = JSON.createObjectNode();
        page.set("messages", messages);
        String uri = "/2010-04-01/Accounts/" + DeliveryIntegrationTest.ACCOUNT_SID + "/Messages.json";
        page.put("uri", uri).put("first_page_uri", uri).putNull("next_page_uri").putNull("previous_page_uri")
                .put("page", 0).put("page_size", 50);
        return page;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
