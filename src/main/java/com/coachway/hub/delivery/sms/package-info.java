/** SMS (and WhatsApp-over-Twilio) through camel-twilio: the REST client that honours {@code hub.twilio.base-url}. */
package com.coachway.hub.delivery.sms;
