package com.coachway.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.coachway.hub.HubApplication;
import com.coachway.hub.messaging.WorkQueues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The hub with its providers faked at the wire: WireMock plays Twilio and Meta, GreenMail plays the SMTP server.
 * Twilio has credentials here, so nothing is sandboxed.
 */
public abstract class DeliveryIntegrationTest extends HubIntegrationTest {

    public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
    public static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    private static final AtomicInteger SIDS = new AtomicInteger();

    /** What the Twilio fake took (see {@link #twilioAccepts()}), and what its list endpoint answers from. */
    /** The day of a trip still to come, as a {@code trip.reminder} must name (a month from now). */
    protected static final String TRIP_DATE = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
    protected static final TwilioMessageLog TWILIO_LOG = new TwilioMessageLog();
    protected static final WireMockServer PROVIDERS = new WireMockServer(
            WireMockConfiguration.options().dynamicPort().containerThreads(20).extensions(TWILIO_LOG));
    protected static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        PROVIDERS.start();
        MAIL.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("hub.twilio.base-url", PROVIDERS::baseUrl);
        registry.add("hub.twilio.account-sid", () -> ACCOUNT_SID);
        registry.add("hub.twilio.auth-token", () -> ProviderWebhooks.TWILIO_AUTH_TOKEN);
        registry.add("hub.twilio.sms-from", () -> "+15005550006");
        registry.add("hub.twilio.whatsapp-from", () -> "+14155238886");
        registry.add("hub.twilio.read-timeout", () -> "PT2S");
        registry.add("hub.meta.base-url", () -> PROVIDERS.baseUrl() + "/meta/v21.0");
        registry.add("hub.meta.phone-number-id", () -> "1098765432");
        registry.add("hub.meta.access-token", () -> "test-meta-token");
        registry.add("hub.meta.read-timeout", () -> "2000");
        registry.add("hub.meta.app-secret", () -> ProviderWebhooks.META_APP_SECRET);
        registry.add("hub.meta.verify-token", () -> ProviderWebhooks.META_VERIFY_TOKEN);
        registry.add("hub.mail.sandbox", () -> "false");
        registry.add("hub.mail.host", () -> "127.0.0.1");
        // a subclass may send mail elsewhere by setting test.smtp.port
        registry.add("hub.mail.port", () -> "${test.smtp.port:" + MAIL.getSmtp().getPort() + "}");
        registry.add("hub.public-base-url", () -> ProviderWebhooks.PUBLIC_BASE_URL);
        // the company's own site: its links in emails are tracked; any other host's are sent as they are
        registry.add("hub.tracking.allowed-link-hosts", () -> "coachway.example,hub.coachway.example");
    }

    @AfterAll
    static void stopFakes() {
        // the servers live for the whole JVM (one per test class would leak ports otherwise); just clear them
        PROVIDERS.resetAll();
    }

    @BeforeEach
    void freshProviders() throws Exception {
        PROVIDERS.resetAll();
        TWILIO_LOG.clear();
        // Twilio's message list, which the hub asks when an attempt's outcome is unknown
        PROVIDERS.stubFor(WireMock.get(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"))
                .willReturn(aResponse().withTransformers(TwilioMessageLog.NAME)));
        MAIL.purgeEmailFromAllMailboxes();
        purgeAll();
        jdbc.sql("DELETE FROM suppressions").update();
        jdbc.sql("DELETE FROM whatsapp_windows").update();
        jdbc.sql("DELETE FROM whatsapp_unreachable").update();
    }

    /** Twilio accepts every message (201 with a fresh SID) and keeps it in its message log. */
    protected static void twilioAccepts() {
        PROVIDERS.stubFor(twilio().willReturn(twilioTakes()));
    }

    /** Twilio's answer to a message it takes: kept in {@link #TWILIO_LOG}, answered with its SID. */
    protected static ResponseDefinitionBuilder twilioTakes() {
        return aResponse().withStatus(201).withTransformers(TwilioMessageLog.NAME);
    }

    /** Twilio refuses with its JSON error body. */
    protected static String twilioError(int code, String message) {
        return "{\"code\":" + code + ",\"message\":\"" + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":400}";
    }

    protected static MappingBuilder twilio() {
        return WireMock.post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json"));
    }

    protected static List<LoggedRequest> twilioRequests() {
        return PROVIDERS.findAll(postRequestedFor(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json")));
    }

    /**
     * The forms posted to Twilio for one phone (its SMS and its WhatsApp), oldest first: a late retry of another
     * test's message, which can land after this test's stubs are in place on a busy machine, is not among them.
     */
    protected static List<Map<String, String>> twilioFormsTo(String phone) {
        return twilioRequests().stream().map(request -> Forms.parse(request.getBodyAsString()))
                .filter(form -> phone.equals(form.get("To")) || ("whatsapp:" + phone).equals(form.get("To")))
                .toList();
    }

    protected static String nextSid() {
        return String.format("SM%032d", SIDS.incrementAndGet());
    }

    /**
     * Posts {@code count} {@code trip.reminder} events at once from 16 clients, ids {@code run-0 ..}, each to its own
     * phone ({@code +1555} and {@code firstPhone + n} in seven digits), and checks that each was accepted.
     */
    protected void postTripReminders(String run, int count, int firstPhone) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                statuses.add(clients.submit(() -> postEvent(event(run + "-" + n, "trip.reminder", """
                        {"charter_id":%d,"trip":{"date":"%s","pickup_time":"08:30","pickup":"Boston"},
                         "driver":{"name":"Dave","phone":"+1 555 555 0188"},
                         "client":{"name":"Ana","phone":"+1555%07d"}}""".formatted(n, TRIP_DATE, firstPhone + n)))
                        .statusCode()));
            }
            for (Future<Integer> status : statuses) {
                if (status.get() != 202) {
                    throw new AssertionError("a trip.reminder was answered " + status.get());
                }
            }
        } finally {
            clients.shutdown();
        }
    }

    /**
     * Another hub on this test's schema and vhost, with its Twilio at the fake: a second replica, or the hub started
     * again. {@code extra} are more {@code --key=value} arguments. It shares this JVM's Quartz connection registry with
     * the first (see HubProcess), so a test of how instances store schedules starts a HubProcess instead.
     */
    protected static ConfigurableApplicationContext anotherHub(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        args.addAll(hubArguments(extra));
        return new SpringApplicationBuilder(HubApplication.class).run(args.toArray(String[]::new));
    }

    /** The arguments that make a hub another instance of this test's: its schema, vhost and provider fakes. */
    protected static List<String> hubArguments(String... extra) {
        List<String> args = new ArrayList<>(List.of("--hub.db.schema=" + TestInfrastructure.names().schema(),
                "--spring.rabbitmq.virtual-host=" + TestInfrastructure.names().vhost(),
                "--hub.twilio.base-url=" + PROVIDERS.baseUrl(), "--hub.twilio.account-sid=" + ACCOUNT_SID,
                "--hub.twilio.auth-token=test-auth-token", "--hub.twilio.sms-from=+15005550006",
                "--hub.twilio.whatsapp-from=+14155238886",
                "--hub.mail.sandbox=true", "--hub.links.secret=test-link-secret",
                "--spring.datasource.hikari.maximum-pool-size=5"));
        args.addAll(List.of(extra));
        return args;
    }

    /** The shipped routing table with {@code rules} appended, in a file of its own. */
    protected static Path shippedRulesAnd(String rules) {
        try {
            Path file = Files.createTempFile("routing", ".yml");
            file.toFile().deleteOnExit();
            Files.writeString(file, Files.readString(Path.of("config/routing.yml")) + rules);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces a file the hub watches in one step (write beside it, then move over it), so the hub's reload never
     * reads it half written.
     */
    protected static void replaceFile(Path file, String text) {
        try {
            Path next = Files.createTempFile(file.getParent(), "next-", ".tmp");
            Files.writeString(next, text);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes (or keeps, when it exists) a reminders template with one SMS text, as an admin does. */
    protected void smsTemplate(String name, String text) {
        ObjectNode template = JSON.createObjectNode().put("name", name).put("category", "reminders");
        template.putObject("sms").put("text", text);
        HttpResponse<String> made = post("/api/v1/templates", "application/json", template.toString(),
                "Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin-password".getBytes()));
        if (made.statusCode() != 201 && made.statusCode() != 409) {
            throw new AssertionError("template " + name + ": " + made.statusCode() + " " + made.body());
        }
    }

    /**
     * {@code count} low marketing SMS already dispatched to the bulk SMS lane, as a campaign leaves them: rows
     * {@code ntf_low_1..}, text "Spring offer", each to its own number.
     */
    protected void queueLowSms(int count) {
        jdbc.sql("""
                INSERT INTO notifications (id, origin, template, category, priority, channels, channel_index, channel,
                    address, provider, dispatch_seq, recipient, status)
                SELECT 'ntf_low_' || g, 'api', 'recovery_contact', 'marketing', 'low', '{sms}', 0, 'sms',
                    '+1555' || lpad(g::text, 7, '0'), 'twilio', 1, '{}', 'queued'
                FROM generate_series(1, :n) g
                """).param("n", count).update();
        for (int i = 1; i <= count; i++) {
            String work = """
                    {"notification_id":"ntf_low_%d","channel":"sms","channel_index":0,"dispatch_seq":1,
                     "provider":"twilio","address":"+1555%07d","priority":"low","category":"marketing",
                     "mode":"text","text":"Spring offer"}""".formatted(i, i);
            rabbit.send(WorkQueues.WORK_EXCHANGE, WorkQueues.DELIVER_SMS, MessageBuilder
                    .withBody(work.getBytes(StandardCharsets.UTF_8))
                    .setContentType("application/json")
                    .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                    .build());
        }
    }

    /** How many messages the Twilio fake received for {@code phone}. */
    protected static long sentTo(String phone) {
        String to = "To=" + URLEncoder.encode(phone, StandardCharsets.UTF_8);
        return twilioRequests().stream().filter(r -> r.getBodyAsString().contains(to)).count();
    }

    /** POSTs a notification request as the charter service and returns its id. */
    protected String notify(String body) {
        HttpResponse<String> response = post("/api/v1/notifications", "application/json", body, "Authorization",
                "Bearer " + CHARTER_KEY);
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).get("id").asText();
    }

    protected static String request(String template, String channels, String to, String data) {
        return "{\"template\":\"" + template + "\",\"channels\":" + channels + ",\"to\":" + to + ",\"data\":" + data
                + "}";
    }

    /** The notification as ops see it. */
    protected JsonNode notification(String id) {
        HttpResponse<String> response = get("/api/v1/notifications/" + id, "Authorization", "Bearer " + OPS_KEY);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + id + ": " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** Waits until the notification reaches one of the statuses and returns it. */
    protected JsonNode awaitStatus(String id, String... statuses) {
        List<String> wanted = List.of(statuses);
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> notification(id), n -> wanted.contains(n.get("status").asText()));
    }

    /** POSTs a form to a Twilio webhook path, signed the way Twilio signs it for the public URL. */
    protected HttpResponse<String> twilioWebhook(String path, Map<String, String> params) {
        return post(path, "application/x-www-form-urlencoded", ProviderWebhooks.form(params), "X-Twilio-Signature",
                ProviderWebhooks.twilioSignature(ProviderWebhooks.PUBLIC_BASE_URL + path, params));
    }

    /** A text message from a phone to our Twilio number, signed. */
    protected HttpResponse<String> textFrom(String from, String body) {
        return twilioWebhook("/webhooks/twilio/inbound", inboundText(from, body));
    }

    /** The form Twilio posts for an inbound text, with a fresh MessageSid. */
    protected static Map<String, String> inboundText(String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", nextSid());
        params.put("AccountSid", ACCOUNT_SID);
        params.put("From", from);
        params.put("To", "+15005550006");
        params.put("Body", body);
        params.put("NumMedia", "0");
        return params;
    }

    /** Meta's notification of an inbound WhatsApp text from {@code waId} (E.164 without the +), sent now. */
    protected static String metaText(String waId, String messageId, String text) {
        return metaText(waId, messageId, text, System.currentTimeMillis() / 1000);
    }

    /** An inbound text the person sent at {@code sentAt} (epoch seconds, as Meta gives it). */
    protected static String metaText(String waId, String messageId, String text, long sentAt) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"1098765432"},"contacts":[{"profile":{"name":"Ana"},"wa_id":"%1$s"}],
                 "messages":[{"from":"%1$s","id":"%2$s","timestamp":"%3$d","type":"text","text":{"body":"%4$s"}}]}}]}]}
                """.formatted(waId, messageId, sentAt, text);
    }

    /** POSTs a Meta notification signed with the app secret. */
    protected HttpResponse<String> metaWebhook(String body) {
        return post("/webhooks/whatsapp", "application/json", body, "X-Hub-Signature-256",
                ProviderWebhooks.metaSignature(body));
    }

    /** A random, possible US phone number in E.164 (555 numbers: never anybody's). */
    protected static String uniquePhone() {
        return String.format("+1555%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    protected static String uniqueEmail() {
        return "ana+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The emails the SMTP fake has received so far with {@code address} among their recipients, oldest first. */
    protected static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(mail -> {
            try {
                return Arrays.toString(mail.getAllRecipients()).contains(address);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
