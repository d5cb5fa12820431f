/**
 * Who may be contacted where: address normalisation (E.164 phones, lower-cased emails) and the suppression list that
 * is checked before every send. The full consent store (opt-in/opt-out API, keywords, history) grows from here.
 */
package com.coachway.hub.consent;
