package dev.llmos.evolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lexical features of a batch of request texts: content words (stop words dropped, plurals folded)
 * weighted by tf-idf over the batch itself, as sparse unit vectors sorted by term id. The batch is
 * its own corpus: a word that most of a user's traces share says nothing about which of them
 * belong together.
 */
final class TextFeatures {

    /** Characters read per text: the ask is at the start, and long pasted inputs would dominate. */
    static final int MAX_CHARS = 2_000;

    static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at", "by", "for",
            "with", "about", "against", "between", "into", "through", "during", "before", "after", "above", "below",
            "from", "up", "down", "out", "off", "over", "under", "again", "further", "once", "here", "there", "when",
            "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
            "nor", "not", "only", "own", "same", "so", "than", "too", "very", "can", "will", "just", "should", "now",
            "i", "me", "my", "myself", "we", "our", "ours", "you", "your", "yours", "yourself", "he", "him", "his",
            "she", "her", "it", "its", "they", "them", "their", "what", "which", "who", "whom", "this", "that",
            "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do",
            "does", "did", "doing", "would", "could", "might", "must", "shall", "may", "also", "as", "s", "t", "don",
            "please", "let", "make", "sure", "use", "using", "one", "two", "like", "want", "need", "get", "give",
            "us", "while", "within", "without", "whether", "etc", "e", "g", "ie", "eg");

    final int[][] terms;
    final float[][] weights;
    final int[] df;
    final List<String> vocabulary;

    private TextFeatures(int[][] terms, float[][] weights, int[] df, List<String> vocabulary) {
        this.terms = terms;
        this.weights = weights;
        this.df = df;
        this.vocabulary = vocabulary;
    }

    static TextFeatures of(List<String> texts) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> vocabulary = new ArrayList<>();
        int n = texts.size();
        int[][] terms = new int[n][];
        int[][] counts = new int[n][];
        for (int i = 0; i < n; i++) {
            Map<Integer, Integer> tf = new HashMap<>();
            for (String w : words(texts.get(i))) {
                int id = ids.computeIfAbsent(w, k -> {
                    vocabulary.add(k);
                    return vocabulary.size() - 1;
                });
                tf.merge(id, 1, Integer::sum);
            }
            int[] t = tf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] c = new int[t.length];
            for (int k = 0; k < t.length; k++) {
                c[k] = tf.get(t[k]);
            }
            terms[i] = t;
            counts[i] = c;
        }
        int[] df = new int[vocabulary.size()];
        for (int[] t : terms) {
            for (int id : t) {
                df[id]++;
            }
        }
        float[][] weights = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] w = new float[terms[i].length];
            double norm = 0;
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) ((1 + Math.log(counts[i][k])) * idf(n, df[terms[i][k]]));
                norm += w[k] * w[k];
            }
            float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
            for (int k = 0; k < w.length; k++) {
                w[k] *= scale;
            }
            weights[i] = w;
        }
        return new TextFeatures(terms, weights, df, vocabulary);
    }

    /**
     * Pseudo-documents that contain none of the batch's terms. A user with few traces gives thin
     * statistics: when four of four requests share their words, a plain idf weighs those words
     * near zero and only the differences count. The prior keeps shared words weighty in small
     * batches and fades as the batch grows.
     */
    static final double BACKGROUND_DOCUMENTS = 16;

    static double idf(int n, int df) {
        return Math.log((n + 1.0 + BACKGROUND_DOCUMENTS) / (df + 0.5));
    }

    /** Cosine of two items' tf-idf vectors (a merge of two sorted lists). */
    double cosine(int a, int b) {
        int[] ta = terms[a];
        int[] tb = terms[b];
        float[] wa = weights[a];
        float[] wb = weights[b];
        double sum = 0;
        int i = 0;
        int j = 0;
        while (i < ta.length && j < tb.length) {
            if (ta[i] == tb[j]) {
                sum += wa[i++] * wb[j++];
            } else if (ta[i] < tb[j]) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    /** The item's terms by falling weight (ties by term id), at most {@code k}. */
    int[] topTerms(int item, int k) {
        Integer[] order = new Integer[terms[item].length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        float[] w = weights[item];
        Arrays.sort(order, (x, y) -> w[x] != w[y] ? Float.compare(w[y], w[x]) : Integer.compare(terms[item][x], terms[item][y]));
        int[] out = new int[Math.min(k, order.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = terms[item][order[i]];
        }
        return out;
    }

    /** Lower-cased words of the text's head, stop words and one-letter words dropped, plurals folded. */
    static List<String> words(String text) {
        String t = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        List<String> out = new ArrayList<>();
        for (String raw : tokens(t)) {
            if (raw.length() < 2 || STOP_WORDS.contains(raw)) {
                continue;
            }
            out.add(stem(raw));
        }
        return out;
    }

    /** Lower-cased runs of letters or digits. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(lower.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    /** Folds the commonest English plural forms, nothing more (a full stemmer merges too much). */
    static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
