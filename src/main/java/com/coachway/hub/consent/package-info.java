/**
 * Who may be contacted where: address normalisation (E.164 phones, lower-cased emails) and the suppression list that
 * is checked before every send. The full consent store (opt-in/opt-out API, keywords, history) grows from here.
 * <p>
 * Offers: {@code ConsentStore} (record and check opt-ins and opt-outs), {@code Addresses} (one normal form of a
 * phone or email), {@code WhatsAppWindows}, {@code UnsubscribeLinks} and {@code InboundService} (STOP/START/HELP).
 */
package com.coachway.hub.consent;
