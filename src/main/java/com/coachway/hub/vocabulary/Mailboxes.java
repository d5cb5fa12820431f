package com.coachway.hub.vocabulary;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** One email address as a header of ours may carry it: {@code user@domain}, no display name, nothing around it. */
public final class Mailboxes {

    public static final String EXPECTED = "an email address such as charters@coachway.example";

    private Mailboxes() {
    }

    public static boolean valid(String address) {
        try {
            return address != null && address.indexOf('@') > 0
                    && new InternetAddress(address, true).getAddress().equals(address.trim());
        } catch (AddressException e) {
            return false;
        }
    }
}
