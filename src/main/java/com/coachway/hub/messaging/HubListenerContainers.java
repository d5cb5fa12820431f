package com.coachway.hub.messaging;

import java.time.Duration;

import org.apache.camel.component.springrabbit.DefaultListenerContainerFactory;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Camel's listener containers with a short receive timeout. An idle consumer thread notices a stop only when its
 * wait for the next message ends; with Spring AMQP's one second, stopping the hub's twenty-odd consumers one after
 * another took seven seconds on every shutdown. The timeout only paces idle polling, never a delivery.
 */
@Component("hubListenerContainers")
class HubListenerContainers extends DefaultListenerContainerFactory {

    private final Duration receiveTimeout;

    HubListenerContainers(MessagingProperties messaging) {
        this.receiveTimeout = messaging.receiveTimeout();
    }

    @Override
    public AbstractMessageListenerContainer createListenerContainer(SpringRabbitMQEndpoint endpoint) {
        AbstractMessageListenerContainer container = super.createListenerContainer(endpoint);
        if (container instanceof SimpleMessageListenerContainer simple) {
            simple.setReceiveTimeout(receiveTimeout.toMillis());
        }
        return container;
    }
}
