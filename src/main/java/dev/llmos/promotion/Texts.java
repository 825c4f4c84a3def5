package dev.llmos.promotion;

import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.VolumeId;

/** Checks of what callers send: ids, volume names and free text that ends up in commit messages. */
final class Texts {

    private Texts() {
    }

    /** A promotion id, checked before it is ever used in a path. */
    static String id(String id) {
        if (!PromotionRecords.isValidId(id)) {
            throw new InvalidPromotionException("id", "'" + VolumeId.printable(String.valueOf(id))
                    + "' is not a promotion id (prm_yyyyMMdd_ and 8 hex digits)");
        }
        return id;
    }

    static VolumeId volume(String text, String field) {
        try {
            return VolumeId.parse(text.strip());
        } catch (InvalidNameException e) {
            throw new InvalidPromotionException(field, "'" + VolumeId.printable(text)
                    + "' is not a volume; expected teams/{team}, users/{user} or system");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String required(String text, String field, int max) {
        if (blank(text)) {
            throw new InvalidPromotionException(field, "is required");
        }
        return optional(text, field, max);
    }

    /**
     * Line ends normalised, outer blanks stripped; no control characters but newline and tab, since
     * the text goes into commit messages and JSON read by other tools.
     */
    static String optional(String text, String field, int max) {
        if (blank(text)) {
            return null;
        }
        String clean = text.replace("\r\n", "\n").strip();
        if (clean.codePointCount(0, clean.length()) > max) {
            throw new InvalidPromotionException(field, "is longer than " + max + " characters");
        }
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
                throw new InvalidPromotionException(field, "must not contain control characters");
            }
        }
        return clean;
    }
}
