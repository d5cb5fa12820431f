package com.coachway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;

/**
 * What batching would save one hub stage, measured without the hub: the floor of a notify-like stage on the same
 * PostgreSQL and RabbitMQ, with no Camel, Spring or JSON in the way.
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" com.coachway.bench.StageProbe VHOST MESSAGES CONSUMERS BATCH
 * </pre>
 *
 * MESSAGES persistent messages are put on a queue first (not timed). Then CONSUMERS threads drain it, each with a
 * channel and a database connection of its own, doing per unit of work what a hub stage does: in one transaction
 * insert a row into a table indexed like {@code notifications} plus its timeline entry, publish one persistent
 * message onward and wait for the broker's confirm, commit, then acknowledge. With BATCH 1 a unit is one message, as
 * in the hub today; with BATCH N a consumer takes what has arrived, up to N, and does them in one transaction, one
 * confirm wait and one multiple acknowledgement. Prints a RESULT line: messages/s, and CPU milliseconds per message
 * of this JVM, PostgreSQL and RabbitMQ (read from /proc over the timed part).
 */
public final class StageProbe {

    private static final String IN = "q.probe.in";
    private static final String OUT = "q.probe.out";
    private static final String PAYLOAD = """
            {"notification_id":"%s","channel":"sms","channel_index":0,"dispatch_seq":1,"provider":"twilio",\
            "address":"+15555551234","priority":"normal","category":"transactional","mode":"text",\
            "text":"CoachWay: your charter #186 is confirmed for Fri Jun 12, pickup 08:30 at Boston. Questions? \
            Reply to this message.","recipient_name":"Ana Ruiz","event_id":"evt-%s","event_source":"charter-service"}""";

    private StageProbe() {
    }

    public static void main(String[] args) throws Exception {
        String vhost = args[0];
        int messages = Integer.parseInt(args[1]);
        int consumers = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (com.rabbitmq.client.Connection amqp = factory.newConnection("stage-probe");
                Connection admin = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            prepare(amqp, admin, messages);
            List<Connection> databases = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET search_path = stage_probe");
                }
                databases.add(connection);
            }

            Cpu before = Cpu.now();
            long start = System.nanoTime();
            AtomicInteger done = new AtomicInteger();
            CountDownLatch finished = new CountDownLatch(consumers);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                Worker worker = new Worker(amqp.createChannel(), amqp.createChannel(), databases.get(i), batch,
                        messages, done, finished);
                Thread thread = new Thread(worker, "probe-" + i);
                thread.start();
                threads.add(thread);
            }
            if (!finished.await(15, TimeUnit.MINUTES)) {
                throw new IllegalStateException("not drained in 15 minutes: " + done.get() + " of " + messages);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Cpu after = Cpu.now();
            for (Connection connection : databases) {
                connection.close();
            }
            System.out.printf(Locale.ROOT,
                    "RESULT probe.batch=%d probe.consumers=%d probe.messages=%d probe.seconds=%.2f probe.msgs_per_s=%.1f"
                            + " probe.jvm_ms=%.3f probe.pg_ms=%.3f probe.mq_ms=%.3f%n",
                    batch, consumers, done.get(), seconds, done.get() / seconds,
                    (after.jvm - before.jvm) / done.get(), (after.postgres - before.postgres) / done.get(),
                    (after.rabbit - before.rabbit) / done.get());
            try (Channel channel = amqp.createChannel()) {
                channel.queueDelete(IN);
                channel.queueDelete(OUT);
            }
            try (Statement statement = admin.createStatement()) {
                statement.execute("DROP SCHEMA stage_probe CASCADE");
            }
        }
    }

    /** A fresh schema shaped like the hub's notifications (their secondary indexes), and MESSAGES queued. */
    private static void prepare(com.rabbitmq.client.Connection amqp, Connection admin, int messages)
            throws Exception {
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS stage_probe CASCADE");
            statement.execute("CREATE SCHEMA stage_probe");
            statement.execute("SET search_path = stage_probe");
            statement.execute("""
                    CREATE TABLE notes (id TEXT PRIMARY KEY, origin_key TEXT, event_id TEXT, template TEXT,
                      channel TEXT, phone TEXT, email TEXT, status TEXT NOT NULL, payload JSONB NOT NULL,
                      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ NOT NULL DEFAULT now())""");
            for (String index : List.of("CREATE UNIQUE INDEX ON notes (origin_key)",
                    "CREATE INDEX ON notes (status, created_at)", "CREATE INDEX ON notes (template, created_at)",
                    "CREATE INDEX ON notes (event_id)", "CREATE INDEX ON notes (phone)", "CREATE INDEX ON notes (email)",
                    "CREATE INDEX ON notes (created_at)", "CREATE INDEX ON notes (template, channel, created_at)")) {
                statement.execute(index);
            }
            statement.execute("""
                    CREATE TABLE note_events (id BIGSERIAL PRIMARY KEY, note_id TEXT NOT NULL REFERENCES notes (id),
                      status TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now())""");
            statement.execute("CREATE INDEX ON note_events (note_id, id)");
        }
        try (Channel channel = amqp.createChannel()) {
            channel.queueDelete(IN);
            channel.queueDelete(OUT);
            channel.queueDeclare(IN, true, false, false, null);
            channel.queueDeclare(OUT, true, false, false, null);
            channel.confirmSelect();
            for (int i = 0; i < messages; i++) {
                channel.basicPublish("", IN, MessageProperties.PERSISTENT_TEXT_PLAIN,
                        PAYLOAD.formatted("ntf_" + i, i).getBytes(StandardCharsets.UTF_8));
                if (i % 500 == 499) {
                    channel.waitForConfirmsOrDie(30_000);
                }
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    private record Delivery(long tag, byte[] body) {
    }

    /** One consumer: a unit of up to BATCH messages per transaction, confirm wait and acknowledgement. */
    private static final class Worker implements Runnable {

        private final Channel in;
        private final Channel out;
        private final Connection database;
        private final int batch;
        private final int total;
        private final AtomicInteger done;
        private final CountDownLatch finished;
        private final BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();

        Worker(Channel in, Channel out, Connection database, int batch, int total, AtomicInteger done,
                CountDownLatch finished) {
            this.in = in;
            this.out = out;
            this.database = database;
            this.batch = batch;
            this.total = total;
            this.done = done;
            this.finished = finished;
        }

        @Override
        public void run() {
            try {
                out.confirmSelect();
                // the hub's shipped prefetch is 20; a batch needs at least itself at hand
                in.basicQos(Math.max(20, batch * 2));
                in.basicConsume(IN, false, new DefaultConsumer(in) {
                    @Override
                    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                            byte[] body) {
                        arrived.add(new Delivery(envelope.getDeliveryTag(), body));
                    }
                });
                List<Delivery> unit = new ArrayList<>(batch);
                while (done.get() < total) {
                    Delivery first = arrived.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    unit.add(first);
                    arrived.drainTo(unit, batch - 1);
                    work(unit);
                    done.addAndGet(unit.size());
                    unit.clear();
                }
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                finished.countDown();
            }
        }

        private void work(List<Delivery> unit) throws SQLException, IOException, InterruptedException,
                java.util.concurrent.TimeoutException {
            try (PreparedStatement note = database.prepareStatement("""
                    INSERT INTO notes (id, origin_key, event_id, template, channel, phone, email, status, payload)
                    VALUES (?, ?, ?, 'charter_confirmed', 'sms', '+15555551234', 'ana@example.com', 'queued',
                    CAST(? AS jsonb))""");
                    PreparedStatement timeline = database.prepareStatement(
                            "INSERT INTO note_events (note_id, status) VALUES (?, 'queued')")) {
                for (Delivery delivery : unit) {
                    String id = Thread.currentThread().getName() + "-" + delivery.tag();
                    note.setString(1, id);
                    note.setString(2, id);
                    note.setString(3, "evt-" + id);
                    note.setString(4, new String(delivery.body(), StandardCharsets.UTF_8));
                    note.addBatch();
                    timeline.setString(1, id);
                    timeline.addBatch();
                }
                note.executeBatch();
                timeline.executeBatch();
            }
            for (Delivery delivery : unit) {
                out.basicPublish("", OUT, MessageProperties.PERSISTENT_TEXT_PLAIN, delivery.body());
            }
            out.waitForConfirmsOrDie(5_000);
            database.commit();
            in.basicAck(unit.get(unit.size() - 1).tag(), unit.size() > 1);
        }
    }

    /** CPU milliseconds used so far by this JVM, by every PostgreSQL process and by RabbitMQ's Erlang VM. */
    private record Cpu(double jvm, double postgres, double rabbit) {

        static Cpu now() throws IOException {
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e6;
            return new Cpu(jvm, processes("postgres"), processes("beam.smp"));
        }

        private static double processes(String name) throws IOException {
            double ticks = 0;
            try (Stream<Path> all = Files.list(Path.of("/proc"))) {
                for (Path process : all.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        if (!stat.substring(stat.indexOf('(') + 1, close).equals(name)) {
                            continue;
                        }
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    } catch (IOException gone) {
                        // the process ended while we looked
                    }
                }
            }
            return ticks * 10; // 100 ticks per second on Linux
        }
    }
}
