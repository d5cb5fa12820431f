package com.coachway.hub.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import com.coachway.hub.HubApplication;

/**
 * A hub in a JVM of its own, as a replica on another host runs: nothing of it is shared with this JVM but the
 * database and the broker (Quartz, for one, keeps its connections in a JVM-wide registry by scheduler name, so two
 * hubs in one JVM would share them). It can be killed as {@code kill -9} kills. Its output goes to
 * {@code target/hub-processes/}.
 */
public final class HubProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI base;
    private final Path log;

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.base = URI.create("http://localhost:" + port);
        this.log = log;
    }

    /** Starts a hub on a free port with the test settings and these {@code --key=value} arguments. */
    public static HubProcess start(String name, List<String> arguments) {
        try {
            int port = freePort();
            Path log = Files.createDirectories(Path.of("target", "hub-processes"))
                    .resolve(name + "-" + System.currentTimeMillis() + ".log");
            // as the test JVMs (pom.xml): a hub that lives a minute starts in half the time without the JIT's
            // second tier and the parallel collector's threads competing for two cores
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", classPath(), HubApplication.class.getName(),
                    "--server.port=" + port, "--spring.config.import=classpath:hub-test.properties"));
            command.addAll(arguments);
            Files.writeString(log, String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new HubProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a hub process", e);
        }
    }

    public URI base() {
        return base;
    }

    /**
     * Waits until the hub answers its health check with 200. Fails at once, with the end of its log, when the JVM
     * ended instead (a start-up that failed), and after {@code limit} when it is still starting.
     */
    public void awaitHealthy(Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the hub " + log + " ended with " + process.exitValue()
                            + " while starting:\n" + tail());
                }
                return healthStatus() == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the hub " + log + " was not healthy within " + limit + ":\n" + tail(), e);
        }
    }

    /** Kills the JVM at once, as {@code kill -9} does: nothing of its shutdown runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private int healthStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** What the hub has written to its log so far. */
    public List<String> logLines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * This JVM's class path without its empty entries: surefire's ends with a separator, which means the working
     * directory, where the hub would find {@code routes/} a second time beside the one in its classes.
     */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
