package io.policyrouter.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a provider's retry hint: OpenAI's {@code retry-after-ms} first (finer), then RFC 9110 {@code Retry-After}. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** Null when neither header holds a usable value. */
    public static Duration parse(String retryAfterMs, String retryAfter, Instant now) {
        Duration ms = millis(retryAfterMs);
        if (ms != null) {
            return ms;
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String v = retryAfter.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || Double.isNaN(seconds) ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration millis(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double ms = Double.parseDouble(v.trim());
            return ms < 0 || Double.isNaN(ms) ? null : Duration.ofMillis((long) ms);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
