package com.coachway.hub.messaging;

import org.springframework.amqp.AmqpException;

/** The broker could not route a publish anywhere, not even to the alternate exchange, or refused it (nack). */
class UnroutableMessageException extends AmqpException {

    public UnroutableMessageException(String message) {
        super(message);
    }
}
