package dev.llmos.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.llmos.evolution.PatternDetector.Item;
import dev.llmos.evolution.PatternDetector.Pattern;
import dev.llmos.evolution.PatternDetector.Settings;

class PatternDetectorTests {

    private static final List<String> REWORDINGS = List.of(
            "Summarize the quarterly sales report for the board meeting.",
            "Please summarize the quarterly sales report for the board.",
            "Can you write a summary of the quarterly sales report for our board meeting?",
            "Give me a short summary of the quarterly sales report, it is for the board.",
            "Summarise this quarter's sales report for the board meeting.");

    private static final List<String> UNRELATED = List.of(
            "How do I repot an orchid without damaging its roots?",
            "What is the capital of Mongolia?",
            "Fix the null pointer exception in my Kotlin login screen.",
            "Suggest a name for a golden retriever puppy.",
            "Convert 37 degrees Celsius to Fahrenheit.",
            "Which telescope should a beginner buy under 300 dollars?",
            "Translate 'good morning' into Japanese.",
            "Why is the sky blue at noon and red at sunset?",
            "Plan a three day itinerary for Lisbon.",
            "What rhymes with orange?");

    private final PatternDetector detector = new PatternDetector(new Settings(3, 0.7));

    @Test
    void rewordingsOfOneTaskFormAPattern() {
        List<Item> items = items(REWORDINGS, vectorsNear(1, REWORDINGS.size()), 1.0);
        items.addAll(items(UNRELATED, randomVectors(2, UNRELATED.size()), 1.0));

        List<Pattern> patterns = detector.detect(items);

        assertThat(patterns).hasSize(1);
        assertThat(patterns.get(0).members()).containsExactly(0, 1, 2, 3, 4);
        assertThat(patterns.get(0).successRate()).isEqualTo(1.0);
        assertThat(patterns.get(0).terms()).contains("quarterly", "sale");
    }

    @Test
    void aNewUserWhoAskedLittleElseStillGetsTheirPattern() {
        // Batch statistics are thin here: words every request shares must still count.
        assertThat(detector.detect(items(REWORDINGS.subList(0, 4), vectorsNear(5, 4), 1.0))).singleElement()
                .satisfies(p -> assertThat(p.members()).containsExactly(0, 1, 2, 3));
        List<Item> few = items(REWORDINGS.subList(0, 4), vectorsNear(6, 4), 1.0);
        few.addAll(items(UNRELATED.subList(0, 3), randomVectors(7, 3), 1.0));
        assertThat(detector.detect(few)).singleElement().satisfies(p -> assertThat(p.members()).containsExactly(0, 1, 2, 3));
        // Lexical only, as with embeddings off.
        List<String> recipes = List.of(
                "Suggest a quick weeknight dinner recipe with chickpeas and spinach",
                "Give me a quick weeknight dinner recipe using chickpeas and spinach",
                "I need a quick weeknight dinner recipe with chickpeas and spinach tonight",
                "What is a quick weeknight dinner recipe with chickpeas and spinach?");
        assertThat(detector.detect(items(recipes, null, 1.0))).singleElement()
                .satisfies(p -> assertThat(p.members()).containsExactly(0, 1, 2, 3));
        List<Item> lexical = items(recipes, null, 1.0);
        lexical.addAll(items(UNRELATED.subList(0, 4), null, 1.0));
        assertThat(detector.detect(lexical)).singleElement().satisfies(p -> assertThat(p.members()).containsExactly(0, 1, 2, 3));
    }

    @Test
    void unrelatedRequestsFormNoPattern() {
        assertThat(detector.detect(items(UNRELATED, randomVectors(3, UNRELATED.size()), 1.0))).isEmpty();
        assertThat(detector.detect(items(UNRELATED, null, 1.0))).isEmpty();
    }

    @Test
    void aGroupThatMostlyFailsIsNotAPattern() {
        List<Item> items = new ArrayList<>();
        float[][] vectors = vectorsNear(4, REWORDINGS.size());
        double[] success = {1, 0, 0, 0, 1};
        for (int i = 0; i < REWORDINGS.size(); i++) {
            items.add(new Item("t" + i, REWORDINGS.get(i), vectors[i], success[i]));
        }

        assertThat(detector.detect(items)).isEmpty();
        assertThat(new PatternDetector(new Settings(3, 0.4)).detect(items)).hasSize(1);
    }

    @Test
    void minCountIsHonoured() {
        List<Item> three = items(REWORDINGS.subList(0, 3), vectorsNear(5, 3), 1.0);

        assertThat(new PatternDetector(new Settings(3, 0.7)).detect(three)).hasSize(1);
        assertThat(new PatternDetector(new Settings(4, 0.7)).detect(three)).isEmpty();
    }

    @Test
    void withoutVectorsGroupingIsLexical() {
        List<Item> items = items(REWORDINGS, null, 1.0);
        items.addAll(items(UNRELATED, null, 1.0));

        List<Pattern> patterns = detector.detect(items);

        // "Summarise this quarter's sales report" shares too few words to join without its vector
        assertThat(patterns).hasSize(1);
        assertThat(patterns.get(0).members()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void theSameInputGivesTheSameOutput() {
        List<Item> items = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(6);
        for (int f = 0; f < 40; f++) {
            float[][] near = vectorsNear(100 + f, 4);
            for (int k = 0; k < 4; k++) {
                items.add(new Item(f + "." + k, "task " + f + " variant " + k + " about topic" + f, near[k], random.nextDouble()));
            }
        }
        items.addAll(items(UNRELATED, randomVectors(7, UNRELATED.size()), 1.0));

        List<Pattern> first = detector.detect(items);
        List<Pattern> second = new PatternDetector(new Settings(3, 0.7)).detect(List.copyOf(items));

        assertThat(first).isNotEmpty();
        assertThat(second.stream().map(Pattern::members).toList()).isEqualTo(first.stream().map(Pattern::members).toList());
        assertThat(second.stream().map(Pattern::terms).toList()).isEqualTo(first.stream().map(Pattern::terms).toList());
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        assertThat(Settings.from(Map.of())).isEqualTo(new Settings(3, 0.7));
        assertThat(Settings.from(Map.of("LLMOS_MIN_PATTERN_COUNT", "5", "LLMOS_MIN_SUCCESS_RATE", "0.9")))
                .isEqualTo(new Settings(5, 0.9));
        assertThatThrownBy(() -> new Settings(1, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(3, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noItemsNoPatterns() {
        assertThat(detector.detect(List.of())).isEmpty();
    }

    static List<Item> items(List<String> texts, float[][] vectors, double success) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Item("t" + i, texts.get(i), vectors == null ? null : vectors[i], success));
        }
        return out;
    }

    /** Unit vectors close to one random direction (cosine ≈ 0.9), like embeddings of rewordings. */
    static float[][] vectorsNear(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centre = unit(random, null, 0);
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = unit(random, centre, 0.35);
        }
        return out;
    }

    static float[][] randomVectors(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = unit(random, null, 0);
        }
        return out;
    }

    private static float[] unit(SplittableRandom random, float[] centre, double noise) {
        float[] v = new float[384];
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
            double g = random.nextDouble() - 0.5;
            v[d] = (float) (centre == null ? g : centre[d] + noise * g / Math.sqrt(v.length / 12.0));
            norm += v[d] * v[d];
        }
        for (int d = 0; d < v.length; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
