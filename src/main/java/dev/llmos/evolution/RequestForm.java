package dev.llmos.evolution;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The form of a request with its topic masked out: the opening words, where every word that is not
 * a function word or a word of the request-form lexicon becomes a blank, as hashed 1- to 3-grams,
 * plus a few shape flags (numbers, code, a question, its length). "Write a function to find the
 * kth smallest element" and "Implement a function to find the median" share much of their form
 * and little of their topic.
 */
final class RequestForm {

    /** Opening words that carry the ask. */
    static final int OPENING = 24;

    /** Words of request forms: task verbs, artefacts, formats, frames. General English, no topics. */
    static final Set<String> FORM_WORDS = Set.of(
            "write", "compose", "draft", "craft", "create", "generate", "develop", "implement", "build", "design",
            "explain", "describe", "discuss", "outline", "elaborate", "compare", "contrast", "analyze", "analyse",
            "evaluate", "identify", "extract", "list", "find", "count", "classify", "categorize", "assign", "rate",
            "solve", "calculate", "compute", "prove", "simplify", "express", "determine", "estimate",
            "summarize", "summarise", "translate", "rewrite", "edit", "correct", "rephrase", "improve", "fix",
            "suggest", "recommend", "provide", "share", "propose", "help", "tell", "show", "answer", "read",
            "function", "program", "script", "code", "class", "method", "algorithm", "query",
            "email", "letter", "blog", "post", "story", "poem", "paragraph", "essay", "article", "headline", "speech",
            "title", "introduction", "sentence", "sentences", "character", "plan", "review", "reviews",
            "json", "csv", "table", "format", "line", "lines", "words", "word", "example", "examples", "step",
            "following", "given", "below", "above", "text", "passage", "question", "questions", "options",
            "role", "pretend", "imagine", "act", "persona", "yourself", "assume", "suppose", "embody", "embrace",
            "concept", "difference", "differences", "process", "principles", "key", "main", "brief", "short",
            "detailed", "concise", "specific", "specifically", "number", "total", "value", "probability",
            "what", "how", "why", "which", "who", "where", "when", "can", "could", "would", "please", "you", "your",
            "i", "me", "my", "a", "an", "the", "of", "to", "in", "on", "for", "with", "from", "and", "or", "is", "are",
            "be", "that", "this", "as", "each", "all", "by", "at", "it", "its", "if", "into", "about", "using", "use");

    private final long[] grams;

    private RequestForm(long[] grams) {
        this.grams = grams;
    }

    static RequestForm of(String text) {
        List<String> tokens = TextFeatures.tokens(text.length() > 600 ? text.substring(0, 600) : text);
        int n = Math.min(OPENING, tokens.size());
        String[] masked = new String[n];
        for (int i = 0; i < n; i++) {
            String t = tokens.get(i);
            masked[i] = FORM_WORDS.contains(t) ? t : "_";
        }
        long[] grams = new long[3 * n];
        int m = 0;
        for (int len = 1; len <= 3; len++) {
            for (int i = 0; i + len <= n; i++) {
                boolean informative = false;
                long h = 1125899906842597L * len;
                for (int k = i; k < i + len; k++) {
                    informative |= !masked[k].equals("_");
                    h = 31 * h + masked[k].hashCode();
                }
                if (informative) {
                    grams[m++] = h;
                }
            }
        }
        String shape = shape(text, tokens.size());
        for (int k = 0; k < shape.length(); k++) {
            grams = Arrays.copyOf(grams, Math.max(grams.length, m + 1));
            grams[m++] = ("shape" + k + shape.charAt(k)).hashCode() * 0x9E3779B97F4A7C15L; // shape flags count as grams
        }
        long[] unique = Arrays.stream(Arrays.copyOf(grams, m)).sorted().distinct().toArray();
        return new RequestForm(unique);
    }

    private static String shape(String text, int words) {
        boolean digits = text.chars().filter(Character::isDigit).count() >= 2;
        boolean code = text.contains("```") || text.contains("{") && text.contains("}") || text.contains("def ");
        boolean question = text.strip().endsWith("?");
        int length = words < 25 ? 0 : words < 60 ? 1 : 2;
        return (digits ? "d" : "-") + (code ? "c" : "-") + (question ? "q" : "-") + length;
    }

    /** The grams as a unit vector (each gram weighs the same): sums of these give mean cosines. */
    long[] grams() {
        return grams;
    }

    double weight() {
        return grams.length == 0 ? 0 : 1 / Math.sqrt(grams.length);
    }

    /** Cosine of the two forms' gram sets. */
    double cosine(RequestForm other) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < grams.length && j < other.grams.length) {
            if (grams[i] == other.grams[j]) {
                common++;
                i++;
                j++;
            } else if (grams[i] < other.grams[j]) {
                i++;
            } else {
                j++;
            }
        }
        return common * weight() * other.weight();
    }
}
