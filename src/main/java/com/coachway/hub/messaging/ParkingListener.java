package com.coachway.hub.messaging;

/**
 * Told when a message is parked, so the feature that owns the message can record the fate on its own records (a
 * notification becomes {@code parked}). Telling one twice must change nothing: the dead-letter drain tells every
 * listener again, to catch up whatever failed while the database was away.
 */
public interface ParkingListener {

    void parked(ParkedMessage message);
}
