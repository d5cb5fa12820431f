package com.coachway.hub.consent;

/** Phone numbers and email addresses in logs and timelines show just enough to tell them apart. */
public final class Masking {

    private Masking() {
    }

    /** {@code +1555***1234}, {@code a***@example.com}. */
    public static String address(String address) {
        if (address == null || address.isEmpty()) {
            return "(none)";
        }
        int at = address.indexOf('@');
        if (at > 0) {
            return address.charAt(0) + "***" + address.substring(at);
        }
        if (address.length() <= 6) {
            return "***";
        }
        return address.substring(0, Math.min(5, address.length() - 4)) + "***"
                + address.substring(address.length() - 4);
    }
}
