/** WhatsApp through the Meta Cloud API (plain HTTP); WhatsApp through Twilio shares the SMS client. */
package com.coachway.hub.delivery.whatsapp;
