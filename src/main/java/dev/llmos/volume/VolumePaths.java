package dev.llmos.volume;

import java.util.regex.Pattern;

/**
 * The one rule for file paths inside a volume. Paths are relative, use {@code /}, and every
 * segment is plain ASCII without a leading dot, so no path can name {@code .git}, climb out with
 * {@code ..}, or smuggle a look-alike of {@code /} or {@code .} past the check.
 */
public final class VolumePaths {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+@-]{0,254}");
    private static final int MAX_LENGTH = 1024;

    private VolumePaths() {
    }

    public static String requireSafe(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidNameException("path", "must not be empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new InvalidNameException("path", "is longer than " + MAX_LENGTH + " characters");
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new InvalidNameException("path", "'" + VolumeId.printable(path)
                        + "' is not a safe relative path (segments of letters, digits, '.', '_', '-', '+', '@'; no leading dot, no '..', no empty segment)");
            }
        }
        return path;
    }

    public static boolean isSafe(String path) {
        try {
            requireSafe(path);
            return true;
        } catch (InvalidNameException e) {
            return false;
        }
    }
}
