# Builds the hub image used by docker-compose.yml.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY routes routes
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:21-jre
WORKDIR /app
COPY --from=build /src/target/integration-hub-*.jar /app/hub.jar
# config/ is mounted by compose so ops can edit routing.yml without a rebuild; this copy is the fallback
COPY config /app/config
USER 1000
EXPOSE 8080
# G1 pinned: given one CPU (or under about 1.8 GiB of memory) the JVM picks the serial collector on its own, whose full
# collections stop every thread for milliseconds per MiB of live heap, too long for the critical lane's 250 ms.
# Half the container's memory for the heap: the rest of the JVM (classes, compiled code, threads, G1's own tables)
# takes about 300 MiB besides it, so 75 % would outgrow a container under 1.2 GiB (bench/sizing.sh; README, Benchmark)
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=50", "-jar", "/app/hub.jar"]
