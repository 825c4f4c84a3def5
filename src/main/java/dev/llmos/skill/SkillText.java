package dev.llmos.skill;

/** Small text operations on skill texts: summaries for skills that lack a description, one-line descriptions for lists. */
public final class SkillText {

    private SkillText() {
    }

    /** The first heading or sentence-bearing line of a Markdown body, stripped of markup. */
    static String summary(String body, String fallback) {
        String heading = null;
        boolean inFence = false;
        for (String raw : body.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("```") || line.startsWith("~~~")) {
                inFence = !inFence;
                continue;
            }
            if (inFence || line.isEmpty() || line.equals("---")) {
                continue;
            }
            String plain = plain(line);
            if (plain.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue; // '{', '|---|', '>>>': markup, not a sentence
            }
            if (line.startsWith("#")) {
                if (heading == null) {
                    heading = plain;
                }
                continue;
            }
            String text = heading != null && plain.length() < 40 ? heading + ": " + plain : plain;
            return clip(text, 300);
        }
        return heading != null ? clip(heading, 300) : fallback;
    }

    static String plain(String line) {
        return line.replaceAll("^#+\\s*", "")
                .replaceAll("^[-*+>]\\s+", "")
                .replaceAll("^\\d+\\.\\s+", "")
                .replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1")
                .replaceAll("[*_`]", "")
                .strip();
    }

    /** A description on one line of at most {@code max} characters, for lists shown to models and people. */
    public static String oneLine(String text, int max) {
        return text == null ? "" : clip(text.replaceAll("\\s+", " ").strip(), max);
    }

    static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max - 1);
        if (cut <= max / 2) {
            cut = max - 1;
            if (cut > 0 && Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--; // never split a character outside the BMP in two
            }
        }
        return text.substring(0, cut).strip() + "…";
    }
}
