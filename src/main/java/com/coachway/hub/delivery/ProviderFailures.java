package com.coachway.hub.delivery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;

import org.apache.hc.core5.http.NoHttpResponseException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;

/** Turns whatever a provider call threw into a {@link ProviderFailure}. */
final class ProviderFailures {

    private static final Pattern ENHANCED = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private ProviderFailures() {
    }

    public static ProviderFailure from(String provider, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ApiException api && !(t instanceof ApiConnectionException) && api.getCode() != null) {
                return ProviderFailure.rejected(provider, api.getStatusCode(), api.getCode().toString(),
                        api.getMessage());
            }
            if (t instanceof ProviderStatusException status) {
                return ProviderFailure.rejected(provider, status.status(), null, status.getMessage());
            }
            if (t instanceof AuthenticationFailedException) {
                return ProviderFailure.rejected(provider, null, "535", t.getMessage());
            }
            ProviderFailure smtp = smtp(provider, t);
            if (smtp != null) {
                return smtp;
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
                return new ProviderFailure(provider, ProviderFailure.Kind.TIMEOUT, null, null, t.getMessage());
            }
            if (t instanceof NoHttpResponseException) {
                // the request went and the connection closed before any answer: the provider may well have the
                // message, so it is asked, as after a timeout, before anything is sent again
                return new ProviderFailure(provider, ProviderFailure.Kind.TIMEOUT, null, null,
                        "the connection closed before any answer (" + t.getMessage() + ")");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof MailConnectException) {
                return new ProviderFailure(provider, ProviderFailure.Kind.CONNECTION, null, null, t.getMessage());
            }
            if (t instanceof IOException) {
                // after the checks above: the connection was made, and broke before a whole answer came
                return new ProviderFailure(provider, ProviderFailure.Kind.BROKEN, null, null,
                        t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ApiConnectionException) {
                return new ProviderFailure(provider, ProviderFailure.Kind.CONNECTION, null, null, t.getMessage());
            }
        }
        return new ProviderFailure(provider, ProviderFailure.Kind.UNKNOWN, null, null,
                thrown.getClass().getSimpleName() + ": " + thrown.getMessage());
    }

    private static ProviderFailure smtp(String provider, Throwable t) {
        int reply;
        if (t instanceof SMTPAddressFailedException failed) {
            reply = failed.getReturnCode();
        } else if (t instanceof SMTPSendFailedException failed) {
            reply = failed.getReturnCode();
        } else if (t instanceof SMTPSenderFailedException failed) {
            reply = failed.getReturnCode();
        } else {
            return null;
        }
        String message = t.getMessage() == null ? "" : t.getMessage().trim();
        Matcher enhanced = ENHANCED.matcher(message);
        String code = enhanced.find() ? enhanced.group(1) : Integer.toString(reply);
        return ProviderFailure.rejected(provider, null, code, message);
    }
}
