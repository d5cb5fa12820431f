package com.coachway.hub;

import java.util.Map;
import java.util.Properties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The CoachWay Integration Hub: events in, notifications and pushes out, nothing lost on the way. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HubApplication {

    /**
     * The JDK HTTP client of the outbound pushes keeps an idle connection 1,200 s, far longer than servers do (Tomcat
     * and load balancers 60 s, Node.js 5 s), and a push sent on one just as the server closes it failed and waited
     * out a retry tier. The client lets go after 5 s, and sends a request that got no byte of answer on such a
     * connection again on a new one: safe for a push, which carries its {@code Idempotency-Key}. Read once, when the
     * first client is built, so set before anything starts; a {@code -D} given on the command line wins.
     */
    static final Map<String, String> HTTP_CLIENT_DEFAULTS = Map.of("jdk.httpclient.keepalive.timeout", "5",
            "jdk.httpclient.enableAllMethodRetry", "true");

    public static void main(String[] args) {
        httpClientDefaults(System.getProperties());
        SpringApplication.run(HubApplication.class, args);
    }

    static void httpClientDefaults(Properties system) {
        HTTP_CLIENT_DEFAULTS.forEach(system::putIfAbsent);
    }
}
