package com.coachway.hub.delivery;

import jakarta.validation.constraints.Size;

import com.coachway.hub.http.JsonBodies;
import com.coachway.hub.http.PlainText;
import com.coachway.hub.http.RequestBodies;

/**
 * The optional body of a cancel (a waiting send's, a campaign's): why ops call it off, kept in the timeline of every
 * send it cancels beside who did.
 */
public record CancelBody(@Size(max = 500) @PlainText String reason) {

    /** The reason of a cancel's body, or null when it has none; a misspelt key or a long reason is a 400. */
    public static String reason(byte[] body, JsonBodies bodies, RequestBodies requests) {
        return body == null || body.length == 0
                ? null
                : requests.bindExactly(bodies.object(body), CancelBody.class, "The cancel is not valid").reason();
    }

    /** What a timeline says of a cancel: its words, then the reason when there is one. */
    public static String said(String words, String reason) {
        return reason == null ? words : words + ": " + reason;
    }
}
