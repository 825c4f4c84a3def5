package dev.llmos.volume;

import java.util.regex.Pattern;

/**
 * Names one volume: {@code system}, {@code teams/{team}} or {@code users/{user}}.
 *
 * <p>User and team names are deliberately narrow (lower-case ASCII letters, digits, {@code _} and
 * {@code -}) so that a name can never escape the volumes directory or collide on a
 * case-insensitive file system.
 */
public record VolumeId(Kind kind, String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?");

    public enum Kind { SYSTEM, TEAM, USER }

    public static final VolumeId SYSTEM = new VolumeId(Kind.SYSTEM, "system");

    public VolumeId {
        if (kind == Kind.SYSTEM) {
            name = "system";
        } else {
            requireValidName(name, kind == Kind.TEAM ? "team_id" : "user_id");
        }
    }

    public static VolumeId user(String name) {
        return new VolumeId(Kind.USER, name);
    }

    public static VolumeId team(String name) {
        return new VolumeId(Kind.TEAM, name);
    }

    /** Parses {@code system}, {@code teams/x} or {@code users/x}. */
    public static VolumeId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidNameException("volume", "must not be empty");
        }
        if (text.equals("system")) {
            return SYSTEM;
        }
        int slash = text.indexOf('/');
        if (slash > 0) {
            String prefix = text.substring(0, slash);
            String rest = text.substring(slash + 1);
            if (prefix.equals("teams")) {
                return team(rest);
            }
            if (prefix.equals("users")) {
                return user(rest);
            }
        }
        throw new InvalidNameException("volume", "'" + printable(text) + "' is not a volume; expected system, teams/{team} or users/{user}");
    }

    /** Checks a user or team name, naming the offending field in the error. */
    public static String requireValidName(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new InvalidNameException(field, "must not be empty");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidNameException(field, "'" + printable(name)
                    + "' is not allowed: use 1-64 lower-case letters, digits, '_' or '-', starting and ending with a letter or digit");
        }
        return name;
    }

    /** Caller-supplied text made safe to echo in an error: at most 80 code points, controls and look-alikes escaped. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp > 0x7e && !Character.isLetterOrDigit(cp))) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** Path of this volume relative to the volumes root, always with forward slashes. */
    public String path() {
        return switch (kind) {
            case SYSTEM -> "system";
            case TEAM -> "teams/" + name;
            case USER -> "users/" + name;
        };
    }

    @Override
    public String toString() {
        return path();
    }
}
