package com.coachway.hub.delivery;

/** What the hub does after a failed provider attempt. */
public enum Outcome {
    /** Try again later through the retry tiers; park when they are used up. */
    TRANSIENT,
    /** This channel will never take it: try the next channel, or fail. */
    PERMANENT,
    /** The person opted out on this channel: suppress the address, then as {@link #PERMANENT}. */
    OPTED_OUT,
    /** The person stopped marketing on this channel: suppress marketing only, then as {@link #PERMANENT}. */
    OPTED_OUT_MARKETING,
    /** The address does not exist (hard bounce): suppress it, then as {@link #PERMANENT}. */
    HARD_BOUNCE,
    /** WhatsApp free text outside the 24-hour window: use the approved template, or the next channel. */
    WINDOW_CLOSED
}
