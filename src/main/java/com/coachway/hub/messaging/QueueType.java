package com.coachway.hub.messaging;

/** RabbitMQ queue flavour: classic for the 3.x dev broker, quorum for replicated production brokers. */
enum QueueType {
    CLASSIC, QUORUM
}
