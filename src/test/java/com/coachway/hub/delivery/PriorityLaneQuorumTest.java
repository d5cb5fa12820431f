package com.coachway.hub.delivery;

import org.springframework.test.context.TestPropertySource;

/** The same guarantee on quorum queues, which have no message priorities of their own on RabbitMQ 3.x. */
@TestPropertySource(properties = "hub.messaging.queue-type=quorum")
class PriorityLaneQuorumTest extends PriorityLaneTest {
}
