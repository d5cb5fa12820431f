package com.coachway.hub.vocabulary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A duration as people read it: "30 minutes", "1 hour 30 minutes", "200 ms". */
public final class DurationWords {

    private DurationWords() {
    }

    public static String of(Duration duration) {
        List<String> parts = new ArrayList<>();
        long[] amounts = {duration.toDaysPart(), duration.toHoursPart(), duration.toMinutesPart(),
                duration.toSecondsPart()};
        String[] units = {"day", "hour", "minute", "second"};
        for (int i = 0; i < units.length; i++) {
            if (amounts[i] > 0) {
                parts.add(amounts[i] + " " + units[i] + (amounts[i] == 1 ? "" : "s"));
            }
        }
        return parts.isEmpty() ? duration.toMillis() + " ms" : String.join(" ", parts);
    }
}
