package com.coachway.hub.tracking;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Starts the bounce mailbox poller ({@code bounces.poll}, declared with {@code autoStartup: false}) when a mailbox
 * is configured: {@code hub.mail.bounce-imap.host} unset means off, as API.md §11 has it.
 */
@Component
class BounceMailboxRoute implements CamelContextConfiguration {

    static final String ROUTE_ID = "bounces.poll";
    private static final Logger log = LoggerFactory.getLogger(BounceMailboxRoute.class);

    private final String host;

    BounceMailboxRoute(@Value("${hub.mail.bounce-imap.host:}") String host) {
        this.host = host;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before the routes exist
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (host == null || host.isBlank()) {
            log.info("Bounce mailbox off (hub.mail.bounce-imap.host is not set): bounces are only seen at send time");
            return;
        }
        try {
            camelContext.getRouteController().startRoute(ROUTE_ID);
            log.info("Bounce mailbox on: polling {}", host);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the bounce mailbox poller", e);
        }
    }
}
