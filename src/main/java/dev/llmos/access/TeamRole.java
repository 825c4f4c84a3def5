package dev.llmos.access;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A user's place in a team: members read the team volume; maintainers also write it and merge promotions. */
public enum TeamRole {
    MEMBER, MAINTAINER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TeamRole parse(String text) {
        if (text == null || text.isBlank()) {
            return MEMBER;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidAccessRequestException("role", "must be member or maintainer");
        }
    }
}
