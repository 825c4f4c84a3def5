package dev.llmos.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of traces: the configured keys by value, and anything shaped like an
 * API key or bearer token that a person pasted into a message.
 */
public final class SecretRedactor {

    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("sk-ant-[A-Za-z0-9_-]{16,}"),
            Pattern.compile("sk-(?:proj-)?[A-Za-z0-9_-]{20,}"),
            Pattern.compile("gh[pousr]_[A-Za-z0-9]{30,}"),
            Pattern.compile("AKIA[0-9A-Z]{16}"),
            Pattern.compile("xox[baprs]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{16,}"),
            Pattern.compile("(?i)((?:api[_-]?key|token|secret|password)\\s*[:=]\\s*[\"']?)[^\\s\"']{8,}"));
    static final String MASK = "[REDACTED]";

    private final List<String> known;

    /** @param knownSecrets secrets LLMos itself holds (API keys); blank ones are ignored */
    public SecretRedactor(List<String> knownSecrets) {
        List<String> k = new ArrayList<>();
        for (String s : knownSecrets) {
            if (s != null && s.length() >= 8) {
                k.add(s);
            }
        }
        this.known = List.copyOf(k);
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : known) {
            out = out.replace(secret, MASK);
        }
        for (Pattern p : SHAPES) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.groupCount() >= 1
                        ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK))
                        : m.replaceAll(MASK);
            }
        }
        return out;
    }
}
