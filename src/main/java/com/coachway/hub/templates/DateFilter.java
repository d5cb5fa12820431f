package com.coachway.hub.templates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.coachway.hub.vocabulary.TimeZones;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

/**
 * {@code {{ trip_date | date('EEE d MMM yyyy') }}} for the values events really carry: ISO-8601 strings
 * ({@code 2026-03-01}, {@code 2026-03-01T10:00:00Z}, {@code 2026-03-01T10:00}) as well as Java dates. Month and day
 * names are in the template's language ({@link TemplateContent#formatFor}).
 *
 * <p>A date style in braces is written as the reader's region writes dates ({@link Style}): {@code date('{long}')}
 * reads "June 12, 2026" in {@code en} and {@code en-US}, "12 June 2026" in {@code en-GB}; {@code date('{time}')}
 * reads "2:45 PM" and "14:45". They compose with each other and with pattern letters, as in
 * {@code date('{time}, {weekday}')}. The shipped templates use the styles, so one reader gets one order of day and
 * month, and one clock, on every channel.
 *
 * <p>An instant (a timestamp with an offset or {@code Z}, as API.md has upstream systems send times in UTC) is shown
 * on the recipient's clock: in {@code recipient.timezone}, else in the company's zone ({@code hub.leads.zone}). A
 * coach due at {@code 14:10Z} in June is "10:10" to a client in Boston, not "14:10". A date, or a date and time
 * without an offset, is already a wall-clock value and is shown as it is.
 */
final class DateFilter implements Filter {

    /**
     * The date styles a format may name in braces, each written month first where the locale's long date is ("June
     * 12, 2026": {@code en}, {@code en-US}, {@code en-CA}) and day first elsewhere ("12 June 2026": {@code en-GB},
     * {@code en-AU}, {@code en-IE}); and {@code {time}}, on the clock the locale reads (2:45 PM, 14:45). Braces were
     * never allowed in a date pattern, so no existing format means anything else.
     */
    enum Style {
        // month first, day first: what each reads
        FULL("EEEE, MMMM d, yyyy", "EEEE d MMMM yyyy"), // Friday, June 12, 2026 | Friday 12 June 2026
        LONG("MMMM d, yyyy", "d MMMM yyyy"), // June 12, 2026 | 12 June 2026
        MEDIUM("MMM d, yyyy", "d MMM yyyy"), // Jun 12, 2026 | 12 Jun 2026
        SHORT("EEE MMM d, yyyy", "EEE d MMM yyyy"), // Fri Jun 12, 2026 | Fri 12 Jun 2026
        WEEKDAY("EEEE, MMMM d", "EEEE d MMMM"), // Friday, June 12 | Friday 12 June
        DAY("MMMM d", "d MMMM"), // June 12 | 12 June
        SHORT_WEEKDAY("EEE MMM d", "EEE d MMM"), // Fri Jun 12 | Fri 12 Jun
        SHORT_DAY("MMM d", "d MMM"), // Jun 12 | 12 Jun
        // the time of day as the locale's short time writes it (CLDR): 2:45 PM in en and en-US, 14:45 in en-GB
        TIME(null, null);

        private final String monthFirst;
        private final String dayFirst;

        Style(String monthFirst, String dayFirst) {
            this.monthFirst = monthFirst;
            this.dayFirst = dayFirst;
        }

        String pattern(Locale locale) {
            if (this == TIME) {
                // newer CLDR puts a narrow no-break space before AM/PM, which would make an SMS a Unicode one
                return DateTimeFormatterBuilder.getLocalizedDateTimePattern(null, FormatStyle.SHORT,
                        IsoChronology.INSTANCE, locale).replace('\u202f', ' ').replace('\u00a0', ' ');
            }
            return monthFirst(locale) ? monthFirst : dayFirst;
        }

        /** As written in a format: {@code {short weekday}}. */
        String written() {
            return "{" + name().toLowerCase(Locale.ROOT).replace('_', ' ') + "}";
        }

        static Optional<Style> named(String written) {
            return Arrays.stream(values()).filter(style -> style.written().equals(written)).findFirst();
        }
    }

    private static final Pattern STYLE = Pattern.compile("\\{[^{}']*}");

    private final ZoneId companyZone;

    DateFilter(ZoneId companyZone) {
        this.companyZone = companyZone;
    }

    /** {@code format} with each {@link Style} it names written out for {@code locale}; an unknown one stays. */
    static String pattern(String format, Locale locale) {
        Matcher named = STYLE.matcher(format);
        if (!named.find()) {
            return format;
        }
        return named.reset().replaceAll(found -> Matcher.quoteReplacement(Style.named(found.group())
                .map(style -> style.pattern(locale))
                .orElse(found.group())));
    }

    // as the locale's own long date has it (CLDR: "MMMM d, y" in en, "d MMMM y" in en-GB)
    private static boolean monthFirst(Locale locale) {
        String written = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.LONG, null,
                IsoChronology.INSTANCE, locale);
        int month = written.indexOf('M');
        int day = written.indexOf('d');
        return month >= 0 && (day < 0 || month < day);
    }

    /**
     * Why a {@code date()} format is wrong whatever the date, or null: it is no pattern, or it uses a letter that
     * reads right on most days and wrong on some, a classic of date formats (week-based year {@code YYYY}, day of the
     * year {@code DD}, minutes {@code mm} for the month). Checked when a template is saved.
     */
    static String patternProblem(String format) {
        Matcher named = STYLE.matcher(format);
        while (named.find()) {
            if (Style.named(named.group()).isEmpty()) {
                return "date() format '" + format + "': " + named.group() + " is no date style; name one of "
                        + Arrays.stream(Style.values()).map(Style::written).collect(Collectors.joining(", "));
            }
        }
        // the styles' own patterns are sound; what is written around them is checked as a pattern
        String written = pattern(format, Locale.ENGLISH);
        try {
            DateTimeFormatter.ofPattern(written, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            return "date() format '" + format + "' is not a date pattern: " + e.getMessage();
        }
        String letters = letters(STYLE.matcher(format).replaceAll(""));
        if (letters.indexOf('Y') >= 0 && letters.indexOf('w') < 0) {
            return "date() format '" + format + "': Y is the week-based year, a year ahead in the last days of"
                    + " December; write y (yyyy) for the year";
        }
        if (letters.indexOf('D') >= 0) {
            return "date() format '" + format + "': D is the day of the year (339 on 5 December); write d (dd) for"
                    + " the day of the month";
        }
        if (letters.indexOf('m') >= 0 && letters.chars().noneMatch(c -> "HhkKBa".indexOf(c) >= 0)) {
            return "date() format '" + format + "': m is the minute, and there is no hour; write M (MM) for the"
                    + " month";
        }
        return null;
    }

    // the pattern letters of a format, without its quoted text ('at', and '' for a quote)
    private static String letters(String format) {
        StringBuilder letters = new StringBuilder();
        boolean quoted = false;
        for (char c : format.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && Character.isLetter(c)) {
                letters.append(c);
            }
        }
        return letters.toString();
    }

    @Override
    public List<String> getArgumentNames() {
        return List.of("format");
    }

    @Override
    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
            int lineNumber) throws PebbleException {
        if (input == null) {
            return null;
        }
        Object format = args.get("format");
        if (format == null) {
            throw new PebbleException(null, "date() needs a format, such as date('yyyy-MM-dd')", lineNumber,
                    self.getName());
        }
        Locale locale = context.getLocale() == null ? Locale.ENGLISH : context.getLocale();
        DateTimeFormatter formatter;
        try {
            formatter = DateTimeFormatter.ofPattern(pattern(format.toString(), locale), locale);
        } catch (IllegalArgumentException e) {
            throw new PebbleException(e, "date() format '" + format + "' is not a date pattern", lineNumber,
                    self.getName());
        }
        TemporalAccessor value = onTheRecipientsClock(temporal(input), context);
        if (value == null) {
            throw new PebbleException(null, "date() cannot read '" + input + "' as a date", lineNumber, self.getName());
        }
        try {
            return formatter.format(value);
        } catch (RuntimeException e) {
            throw new PebbleException(e, "date() cannot format '" + input + "' with '" + format + "'", lineNumber,
                    self.getName());
        }
    }

    private TemporalAccessor onTheRecipientsClock(TemporalAccessor value, EvaluationContext context) {
        ZonedDateTime instant = value instanceof OffsetDateTime offset
                ? offset.toZonedDateTime()
                : value instanceof ZonedDateTime zoned
                        ? zoned
                        : value instanceof Instant at ? at.atZone(ZoneOffset.UTC) : null;
        return instant == null ? value : instant.withZoneSameInstant(zone(context));
    }

    private ZoneId zone(EvaluationContext context) {
        return zone(context, companyZone);
    }

    /** The recipient's clock: their {@code timezone}, else the company's zone. */
    static ZoneId zone(EvaluationContext context, ZoneId companyZone) {
        Object recipient = context.getVariable(HubVariables.RECIPIENT);
        Object named = recipient instanceof Map<?, ?> map ? map.get(HubVariables.TIMEZONE) : null;
        return TimeZones.or(named instanceof String name ? name : null, companyZone);
    }

    /** A date, a local date-time or an instant, from what events carry; null when it is none of them. */
    static TemporalAccessor temporal(Object input) {
        if (input instanceof TemporalAccessor temporal) {
            return temporal;
        }
        if (input instanceof Date date) {
            return date.toInstant().atOffset(ZoneOffset.UTC);
        }
        String text = input.toString().trim();
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            // not a timestamp with offset: try the other ISO shapes
        }
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            // nor a local timestamp
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            // nor a date
        }
        try {
            return Instant.parse(text).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
