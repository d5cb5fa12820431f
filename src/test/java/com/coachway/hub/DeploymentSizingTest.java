package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container limits in docker-compose.yml and the heap share in the Dockerfile are one decision, measured by
 * bench/sizing.sh (README, "How small a machine"): the heap needs 256 MiB or more, and the rest of the JVM about
 * 300 MiB beside it. A replica given less is killed by the kernel under load and restarts in a loop.
 */
class DeploymentSizingTest {

    private static final long MIB = 1024 * 1024;
    private static final long HEAP_FLOOR = 256 * MIB;
    private static final long NON_HEAP = 300 * MIB;

    @Test
    void everyHubReplicaHasRoomForItsHeapAndTheRestOfTheJvm() throws IOException {
        double heapShare = maxRamPercentage(Files.readString(Path.of("Dockerfile"))) / 100;
        Map<String, Map<String, Object>> replicas = hubReplicas();
        assertThat(replicas).hasSizeGreaterThanOrEqualTo(2);
        replicas.forEach((name, service) -> {
            assertThat(service).as(name + " has a memory limit").containsKey("mem_limit");
            long limit = bytes(String.valueOf(service.get("mem_limit")));
            long heap = (long) (limit * heapShare);
            assertThat(heap).as(name + "'s heap").isGreaterThanOrEqualTo(HEAP_FLOOR);
            assertThat(limit - heap).as(name + "'s memory beside the heap").isGreaterThanOrEqualTo(NON_HEAP);
            assertThat(service).as(name + " has a CPU limit").containsKey("cpus");
        });
    }

    @Test
    void theImagePinsG1() throws IOException {
        // on one CPU the JVM would choose the serial collector, whose pauses the critical lane cannot afford
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("\"-XX:+UseG1GC\"");
    }

    @Test
    void theChecksReadWhatComposeAndTheDockerfileWrite() {
        assertThat(bytes("1g")).isEqualTo(1024 * MIB);
        assertThat(bytes("640m")).isEqualTo(640 * MIB);
        assertThat(bytes("640MB")).isEqualTo(640 * MIB);
        assertThat(bytes("1048576")).isEqualTo(MIB);
        assertThat(maxRamPercentage("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=62.5\", \"-jar\"]")).isEqualTo(62.5);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> hubReplicas() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            compose = new Yaml().load(reader); // resolves the <<: *hub merge, as compose does
        }
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Map<String, Object>> replicas = new TreeMap<>();
        services.forEach((name, service) -> {
            if (".".equals(service.get("build"))) {
                replicas.put(name, service);
            }
        });
        return replicas;
    }

    private static double maxRamPercentage(String dockerfile) {
        Matcher matcher = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(dockerfile);
        assertThat(matcher.find()).as("the Dockerfile sets -XX:MaxRAMPercentage").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** Compose's byte values: a number with an optional b, k, m or g (and an optional trailing b). */
    private static long bytes(String value) {
        Matcher matcher = Pattern.compile("([0-9]+)([bkmg]?)b?").matcher(value.trim().toLowerCase(Locale.ROOT));
        assertThat(matcher.matches()).as("a compose byte value: " + value).isTrue();
        long number = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "k" -> number * 1024;
            case "m" -> number * MIB;
            case "g" -> number * 1024 * MIB;
            default -> number;
        };
    }
}
