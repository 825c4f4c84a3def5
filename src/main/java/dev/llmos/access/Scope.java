package dev.llmos.access;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a token may do. Each scope includes the ones before it. */
public enum Scope {
    /** Read skills, volumes, history, traces and usage. */
    READ,
    /** Also chat, write skills, give feedback, open and review promotions (as roles allow). */
    WRITE,
    /** Also manage users, teams and tokens, and write the system volume (admins only). */
    ADMIN;

    public boolean includes(Scope other) {
        return compareTo(other) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Scope parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidAccessRequestException("scope", "is required: read, write or admin");
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidAccessRequestException("scope", "must be read, write or admin");
        }
    }
}
