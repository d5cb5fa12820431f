package com.coachway.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Gives every integration test class its own PostgreSQL schema and RabbitMQ vhost on the real local servers, and
 * removes both once the class's Spring context is closed. Ordered to run its after-class step after
 * {@code DirtiesContextTestExecutionListener} has closed the context.
 */
public final class TestInfrastructure implements TestExecutionListener, Ordered {

    public static final String PG_HOST = System.getProperty("test.pg.host", "127.0.0.1");
    public static final int PG_PORT = Integer.getInteger("test.pg.port", 5432);
    public static final String RABBIT_HOST = System.getProperty("test.rabbit.host", "127.0.0.1");
    public static final int RABBIT_PORT = Integer.getInteger("test.rabbit.port", 5672);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Rabbitmqctl> PENDING_DELETIONS = new ArrayList<>();

    static {
        // the last class's vhost deletion is still running when the tests end
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                awaitDeletions();
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
            }
        }, "hubtest-vhost-deletions"));
    }

    private static volatile Names current;

    /** The schema and vhost of the test class being run. */
    public record Names(String schema, String vhost) {
    }

    @Override
    public int getOrder() {
        return 100;
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        String id = testContext.getTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        Names names = new Names("t_" + id, "hubtest-" + id);
        createVhost(names.vhost());
        // the previous class's vhost was being deleted meanwhile; a failure shows here, next to it
        awaitDeletions();
        current = names;
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        Names names = current;
        current = null;
        if (names == null) {
            return;
        }
        try {
            // sessions a context left behind must not hold the drop up: they are ended first, and the drop gives up
            // after a minute rather than waiting on a lock for ever
            execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + names.schema() + "'");
            execute("SET lock_timeout = '60s'; DROP SCHEMA IF EXISTS \"" + names.schema() + "\" CASCADE");
        } finally {
            deleteVhostInBackground(names.vhost());
        }
    }

    /** Points the hub at this class's schema and vhost. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("hub.db.schema", () -> names().schema());
        // names this class's sessions in pg_stat_activity, so the clean-up can end any left behind
        registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> names().schema());
        registry.add("spring.rabbitmq.virtual-host", () -> names().vhost());
    }

    public static Names names() {
        Names names = current;
        if (names == null) {
            throw new IllegalStateException("TestInfrastructure is not registered for this test class");
        }
        return names;
    }

    public static String jdbcUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres";
    }

    /** Runs one statement as the postgres superuser on the real server. */
    public static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(PG_HOST, PG_PORT), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }

    /**
     * Creates a vhost that guest may use fully. One rabbitmqctl call where {@code add_vhost} and
     * {@code set_permissions} took two: each call boots an Erlang VM, about half a second, once per test class.
     */
    public static void createVhost(String vhost) {
        Map<String, Object> definitions = Map.of(
                "vhosts", List.of(Map.of("name", vhost)),
                "permissions", List.of(Map.of("user", "guest", "vhost", vhost,
                        "configure", ".*", "write", ".*", "read", ".*")));
        Path file = null;
        try {
            file = Files.createTempFile("hubtest-vhost", ".json");
            Files.writeString(file, JSON.writeValueAsString(definitions), StandardCharsets.UTF_8);
            // read on standard input: the broker's user may not read this JVM's temporary files
            Rabbitmqctl.start(file, "rabbitmqctl", "import_definitions").await();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the definitions of vhost " + vhost, e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** Deletes a vhost and waits until it is gone. */
    public static void deleteVhost(String vhost) {
        rabbitmqctl("delete_vhost", vhost);
    }

    /**
     * Starts deleting a vhost and returns at once: the next class's set-up waits for it (or the JVM's exit, for the
     * last class), so its half second overlaps other work instead of adding to every class.
     */
    private static void deleteVhostInBackground(String vhost) {
        Rabbitmqctl deletion = Rabbitmqctl.start(null, "rabbitmqctl", "delete_vhost", vhost);
        synchronized (PENDING_DELETIONS) {
            PENDING_DELETIONS.add(deletion);
        }
    }

    /** Waits for the vhost deletions started so far, and fails loudly if one failed. */
    private static void awaitDeletions() {
        List<Rabbitmqctl> deletions;
        synchronized (PENDING_DELETIONS) {
            deletions = new ArrayList<>(PENDING_DELETIONS);
            PENDING_DELETIONS.clear();
        }
        for (Rabbitmqctl deletion : deletions) {
            deletion.await();
        }
    }

    /** Runs rabbitmqctl (on PATH or in /usr/sbin) and fails loudly if it does, or if it takes over a minute. */
    public static String rabbitmqctl(String... args) {
        return Rabbitmqctl.start(null, "rabbitmqctl", args).await();
    }

    private static volatile boolean managementEnabled;

    /**
     * Enables RabbitMQ's management plugin, where the hub reads queue rates: Debian's broker ships it switched off.
     * Enabling an enabled plugin changes nothing, and this JVM asks once.
     */
    public static synchronized void enableManagementPlugin() {
        if (!managementEnabled) {
            Rabbitmqctl.start(null, "rabbitmq-plugins", "enable", "rabbitmq_management").await();
            managementEnabled = true;
        }
    }

    /** One running rabbitmqctl command (its tool and arguments), its output collected in a file until awaited. */
    private record Rabbitmqctl(List<String> args, Process process, Path output) {

        /**
         * Starts rabbitmqctl (or another of the broker's tools that takes its options, such as rabbitmq-plugins) with
         * the arguments, and the file as its standard input unless that is null.
         */
        static Rabbitmqctl start(Path input, String tool, String... args) {
            for (String binary : List.of(tool, "/usr/sbin/" + tool)) {
                List<String> command = new ArrayList<>(List.of(binary, "-q",
                        // rabbitmqctl waits for ever by default; a stuck broker must fail the class, not hang the build
                        "--timeout", "60"));
                command.addAll(List.of(args));
                Path output;
                try {
                    output = Files.createTempFile("rabbitmqctl", ".log");
                } catch (IOException e) {
                    throw new IllegalStateException("cannot create a file for rabbitmqctl's output", e);
                }
                try {
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(output.toFile());
                    if (input != null) {
                        builder.redirectInput(input.toFile());
                    }
                    Process process = builder.start();
                    List<String> named = new ArrayList<>(List.of(tool));
                    named.addAll(List.of(args));
                    return new Rabbitmqctl(named, process, output);
                } catch (IOException e) {
                    output.toFile().delete();
                }
            }
            throw new IllegalStateException(tool + " is not installed (looked on PATH and in /usr/sbin)");
        }

        String await() {
            try {
                boolean finished = process.waitFor(90, TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly();
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (!finished || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", args) + " failed: " + text);
                }
                return text;
            } catch (IOException e) {
                throw new IllegalStateException(String.join(" ", args) + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                output.toFile().delete();
            }
        }
    }
}
