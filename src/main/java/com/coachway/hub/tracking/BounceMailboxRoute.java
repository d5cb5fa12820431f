package com.coachway.hub.tracking;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.coachway.hub.delivery.MailProperties;

/**
 * Starts the bounce mailbox poller ({@code bounces.poll}, declared with {@code autoStartup: false}) when a mailbox
 * is configured: {@code hub.mail.bounce-imap.host} unset means off, as API.md §11 has it.
 */
@Component
class BounceMailboxRoute implements CamelContextConfiguration {

    static final String ROUTE_ID = "bounces.poll";
    private static final Logger log = LoggerFactory.getLogger(BounceMailboxRoute.class);

    private final MailProperties.BounceImap mailbox;

    BounceMailboxRoute(MailProperties mail) {
        this.mailbox = mail.bounceImap();
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before the routes exist
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (!mailbox.enabled()) {
            log.info("Bounce mailbox off (hub.mail.bounce-imap.host is not set): bounces are only seen at send time");
            return;
        }
        try {
            camelContext.getRouteController().startRoute(ROUTE_ID);
            log.info("Bounce mailbox on: polling {}", mailbox.host());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the bounce mailbox poller", e);
        }
    }
}
