package com.coachway.hub.messaging;

/** RabbitMQ queue flavour: classic for the 3.x dev broker, quorum for replicated production brokers. */
public enum QueueType {
    CLASSIC, QUORUM
}
