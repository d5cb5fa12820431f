package com.coachway.hub.leads;

import java.util.List;

/** A lead's statuses, in the only order they may be taken; {@code dead} can be reached from anywhere. */
final class LeadStatus {

    static final String NEW = "new";
    static final String CONTACTED = "contacted";
    static final String QUALIFIED = "qualified";
    static final String NEGOTIATING = "negotiating";
    static final String CONVERTED = "converted";
    static final String DEAD = "dead";

    static final List<String> ALL = List.of(NEW, CONTACTED, QUALIFIED, NEGOTIATING, CONVERTED, DEAD);
    private static final List<String> FORWARD = List.of(NEW, CONTACTED, QUALIFIED, NEGOTIATING, CONVERTED);

    private LeadStatus() {
    }

    /** Whether a lead may move from one status to another (staying put is not a move). */
    static boolean canMove(String from, String to) {
        if (from.equals(to) || DEAD.equals(from)) {
            return false;
        }
        if (DEAD.equals(to)) {
            return true;
        }
        return FORWARD.indexOf(to) > FORWARD.indexOf(from);
    }

    /** Open leads are the ones a new lead can be a duplicate of. */
    static boolean isOpen(String status) {
        return !CONVERTED.equals(status) && !DEAD.equals(status);
    }
}
