package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import com.coachway.hub.support.DeliveryIntegrationTest;
import com.coachway.hub.support.TcpProxy;
import com.coachway.hub.support.TestInfrastructure;

/**
 * The short form of bench/faults.sh, inside the build: a few hundred events under load while Twilio fails on
 * purpose (30 % 503, 10 % answered after the hub stopped waiting), while PostgreSQL is away, and while the
 * connection to RabbitMQ is cut. Each time: every accepted event ends as a notification in a final state (none
 * lost, none stuck), every parked one is in the dead letters, nothing Twilio took is recorded parked, and fewer than
 * 1 % of the numbers are texted twice. The full drill, with kill -9 and real restarts, is bench/faults.sh.
 */
@TestPropertySource(properties = {"hub.deadletters.auto-startup=true", "hub.delivery.reconcile.stuck-after=PT5S",
        "hub.schedules.reconcile-interval=1000", "hub.rate.sms=10000", "hub.delivery.consumers=4"})
class FaultDrillTest extends DeliveryIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(FaultDrillTest.class);
    private static final TcpProxy DATABASE = new TcpProxy(TestInfrastructure.PG_HOST, TestInfrastructure.PG_PORT);
    private static final TcpProxy BROKER = new TcpProxy(TestInfrastructure.RABBIT_HOST,
            TestInfrastructure.RABBIT_PORT);
    private static final int EVENTS = 200;
    private static final double RATE = 40;
    private static final AtomicInteger RUNS = new AtomicInteger(ThreadLocalRandom.current().nextInt(100, 900));

    @DynamicPropertySource
    static void throughProxies(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestInfrastructure.jdbcUrl("127.0.0.1", DATABASE.port()));
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", BROKER::port);
    }

    @AfterEach
    void restore() {
        DATABASE.restore();
        BROKER.restore();
    }

    @Test
    void twilioFailingAndSlowUnderLoad() throws Exception {
        twilioAccepts();
        TWILIO_LOG.faults(30, 10, 3000); // the hub waits 2 s for Twilio here

        Drill drill = run(null);

        drill.assertHeld();
        assertThat(drill.parkedButTaken).as("parked although Twilio took it").isZero();
    }

    @Test
    void postgresAwayUnderLoad() throws Exception {
        twilioAccepts();

        Drill drill = run(new Outage(DATABASE::cut, Duration.ofSeconds(6), DATABASE::restore));

        drill.assertHeld();
    }

    @Test
    void rabbitmqAwayUnderLoad() throws Exception {
        twilioAccepts();

        Drill drill = run(new Outage(BROKER::cut, Duration.ofSeconds(4), BROKER::restore));

        drill.assertHeld();
    }

    /** A fault that begins 1.5 s into the load and lasts {@code lasting}. */
    private record Outage(Runnable begin, Duration lasting, Runnable end) {
    }

    /**
     * Posts the events at {@link #RATE}/s as a careful client, with the outage (if any) scheduled into the load,
     * waits for the hub to settle, and counts.
     */
    private Drill run(Outage outage) throws Exception {
        int run = RUNS.incrementAndGet();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        ScheduledExecutorService clients = Executors.newScheduledThreadPool(8);
        List<ScheduledFuture<?>> posts = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            int event = i;
            posts.add(clients.schedule(() -> {
                if (post(run, event, answers)) {
                    accepted.incrementAndGet();
                }
            }, (long) (i * 1000 / RATE), TimeUnit.MILLISECONDS));
        }
        // a scheduler of its own: the clients' threads are all busy retrying while the outage lasts
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        if (outage != null) {
            faults.schedule(outage.begin(), 1500, TimeUnit.MILLISECONDS);
            faults.schedule(outage.end(), 1500 + outage.lasting().toMillis(), TimeUnit.MILLISECONDS);
        }
        for (ScheduledFuture<?> post : posts) {
            post.get(3, TimeUnit.MINUTES);
        }
        clients.shutdown();
        faults.shutdown();
        assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(faults.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        String prefix = "drill-" + run + "-%";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> jdbc.sql("""
                SELECT (SELECT count(*) FROM notifications WHERE event_id LIKE :p AND status IN ('queued', 'sending'))
                     + (SELECT count(*) FROM events e WHERE e.event_id LIKE :p AND NOT EXISTS (SELECT 1 FROM
                         notifications n WHERE n.event_source = e.source AND n.event_id = e.event_id))
                """).param("p", prefix).query(Long.class).single() == 0);
        Drill drill = new Drill(accepted.get(), count("SELECT count(*) FROM events WHERE event_id LIKE :p", prefix),
                count("SELECT count(*) FROM notifications WHERE event_id LIKE :p AND status NOT IN ('queued',"
                        + " 'sending')", prefix),
                count("SELECT count(*) FROM notifications WHERE event_id LIKE :p AND status IN ('queued', 'sending')",
                        prefix),
                count("SELECT count(*) FROM notifications WHERE event_id LIKE :p AND status = 'parked'", prefix),
                count("""
                        SELECT count(*) FROM notifications n WHERE n.event_id LIKE :p AND n.status = 'parked'
                            AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.headers->>'hub_notification_id' = n.id)
                        """, prefix),
                TWILIO_LOG.duplicates(),
                (int) jdbc.sql("SELECT phone FROM notifications WHERE event_id LIKE :p AND status = 'parked'")
                        .param("p", prefix).query(String.class).list().stream()
                        .filter(phone -> TWILIO_LOG.taken().stream().anyMatch(t -> t.to().equals(phone))).count(),
                new TreeMap<>(answers));
        log.info("Fault drill: {}", drill);
        return drill;
    }

    /** Posts one event until it is accepted (at most 2 minutes), or until an answer no careful client retries. */
    private boolean post(int run, int i, Map<String, AtomicInteger> answers) {
        String event = event("drill-" + run + "-" + i, "trip.reminder", """
                {"charter_id":%d,"trip":{"date":"%s","pickup_time":"08:30","pickup":"Boston South Station"},
                 "driver":{"name":"Dave","phone":"+1 555 555 0188"},
                 "client":{"name":"Drill %d","phone":"+1555%03d%04d"}}""".formatted(i, TRIP_DATE, i, run, i));
        AtomicReference<String> last = new AtomicReference<>();
        // the hub's own threads fail loudly while the broker is away; that is not this client's business
        await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    String answer = answer(event);
                    last.set(answer);
                    answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                    // 503 and a connection that failed are retried; anything else is final, counted, and fails
                    return !answer.equals("503") && !answer.equals("io-error");
                });
        return last.get().equals("202") || last.get().equals("200");
    }

    private String answer(String event) {
        try {
            return Integer.toString(HTTP.send(HttpRequest.newBuilder(uri("/api/v1/events"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/cloudevents+json")
                    .header("Authorization", "Bearer " + CHARTER_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        } catch (IOException e) {
            return "io-error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private int count(String sql, String prefix) {
        return jdbc.sql(sql).param("p", prefix).query(Integer.class).single();
    }

    /** What one drill counted. */
    private record Drill(int accepted, int recorded, int terminal, int stuck, int parked, int parkedNotInDeadLetters,
            int duplicates, int parkedButTaken, Map<String, AtomicInteger> answers) {

        void assertHeld() {
            assertThat(answers.keySet()).as("answers other than 202, 200, 503 or a refused connection")
                    .isSubsetOf("202", "200", "503", "io-error");
            assertThat(accepted).as("accepted").isEqualTo(EVENTS);
            assertThat(recorded).as("accepted events the ledger has").isEqualTo(accepted);
            assertThat(terminal).as("accepted = terminal + sent").isEqualTo(accepted);
            assertThat(stuck).as("stuck in queued/sending").isZero();
            assertThat(parkedNotInDeadLetters).as("parked but not in dead_letters").isZero();
            assertThat(duplicates * 100).as("numbers texted twice: %d of %d", duplicates, accepted)
                    .isLessThan(accepted);
        }
    }
}
