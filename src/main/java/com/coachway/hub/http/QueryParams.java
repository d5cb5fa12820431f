package com.coachway.hub.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.coachway.hub.problem.FieldError;
import com.coachway.hub.problem.ProblemException;

/** Reads query parameters of the list and report endpoints; a bad value is added to {@code errors}, not thrown. */
public final class QueryParams {

    /** The most items a list endpoint returns in one page. */
    public static final int MAX_PAGE_SIZE = 200;

    private QueryParams() {
    }

    /**
     * The parameter's text, or null when it is absent or blank; a NUL in it, or the parameter given more than once, is
     * a 400 naming it.
     */
    public static String text(Map<String, Object> query, String name) {
        Object value = query.get(name);
        if (value instanceof Collection<?>) {
            // the HTTP binding hands a repeated parameter over as a list, whose text would read "[a, b]"
            throw ProblemException.badRequest("Invalid query parameters",
                    List.of(FieldError.repeated(name)));
        }
        if (value != null && value.toString().indexOf('\0') >= 0) {
            throw ProblemException.badRequest("The query holds a NUL character",
                    List.of(new FieldError(name, "must not contain NUL characters")));
        }
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    /**
     * A phone number or an email address, as {@link #text(Map, String)}. A {@code +} left unencoded in a URL
     * ({@code ?recipient=+34612345678}) reaches us as a space, by form decoding; before digits it is put back.
     */
    public static String address(Map<String, Object> query, String name) {
        String value = text(query, name);
        return value != null && value.length() > 1 && value.charAt(0) == ' ' && Character.isDigit(value.charAt(1))
                ? "+" + value.substring(1)
                : value;
    }

    /**
     * {@code since} and {@code until}, each optional; both given, since must come first (a range turned round would
     * answer an empty list, as if nothing had happened). Each is an ISO-8601 timestamp or a date, a day on the
     * company's clock ({@code zone}, as a person in its office means it); a date as {@code until} counts whole, so
     * {@code since=2026-12-01&until=2026-12-01} is that day.
     */
    public static Period period(Map<String, Object> query, ZoneId zone, List<FieldError> errors) {
        Instant since = instant(query, "since", 0, zone, errors);
        Instant until = instant(query, "until", 1, zone, errors);
        if (since != null && until != null && !since.isBefore(until)) {
            errors.add(new FieldError("until", "must be later than since"));
        }
        return new Period(since, until);
    }

    // a date is the midnight in zone that many days after it: 0 its first moment, 1 just past its end
    private static Instant instant(Map<String, Object> query, String name, int dateDays, ZoneId zone,
            List<FieldError> errors) {
        String value = text(query, name);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).plusDays(dateDays).atStartOfDay(zone).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 timestamp such as 2026-03-01T00:00:00Z, or a date"));
            return null;
        }
    }

    /** A time range from {@link #period}; either end may be null (open). */
    public record Period(Instant since, Instant until) {
    }

    /** {@code true} or {@code false}, or null when absent. */
    public static Boolean bool(Map<String, Object> query, String name, List<FieldError> errors) {
        String value = text(query, name);
        if (value == null || value.equals("true") || value.equals("false")) {
            return value == null ? null : Boolean.valueOf(value);
        }
        errors.add(new FieldError(name, "must be true or false"));
        return null;
    }

    /** A whole number within bounds, or {@code fallback} when absent. */
    public static int integer(Map<String, Object> query, String name, int fallback, int min, int max,
            List<FieldError> errors) {
        String value = text(query, name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + " to " + max));
        return fallback;
    }

    /** The parameter's text, or null when absent; longer than {@code max} characters is a problem in {@code errors}. */
    public static String text(Map<String, Object> query, String name, int max, List<FieldError> errors) {
        String value = text(query, name);
        if (value != null && value.length() > max) {
            errors.add(new FieldError(name, "must be at most " + max + " characters"));
        }
        return value;
    }

    /**
     * The {@code page} (from 0) and {@code size} (1 to 200, default 20) of a list endpoint.
     *
     * @param page the page, from 0
     * @param size items per page
     */
    public record Paging(int page, int size) {
    }

    /** The {@code page} and {@code size} parameters every list endpoint takes; a bad one is a problem in {@code errors}. */
    public static Paging paging(Map<String, Object> query, List<FieldError> errors) {
        return new Paging(integer(query, "page", 0, 0, 1_000_000, errors),
                integer(query, "size", 20, 1, MAX_PAGE_SIZE, errors));
    }
}
