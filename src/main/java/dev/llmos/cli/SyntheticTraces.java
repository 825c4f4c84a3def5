package dev.llmos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic trace history for {@code bench evolution --generated}: a few hundred repeated task
 * families, each asked in several rewordings, among many one-off requests. Only
 * {@link #distinctTexts} are embedded; the n traces reuse those vectors with a little noise
 * (re-normalised) and one-off traces mix two one-off vectors with more noise, so that a 100,000-trace history
 * costs seconds to build. The figures it gives are for the detector's speed, not its accuracy.
 */
final class SyntheticTraces {

    private static final String[] VERBS = {"Write", "Draft", "Compose", "Create", "Prepare", "Put together"};
    private static final String[] ARTEFACTS = {"an email", "a blog post", "a Python function", "a SQL query", "a summary",
            "a short story", "a cover letter", "a unit test", "a product description", "a meeting agenda", "a poem",
            "a bash script", "a project plan", "a press release", "a regex", "a lesson plan"};
    private static final String[] TOPICS = {"quarterly sales", "the onboarding process", "a customer refund", "database backups",
            "the team offsite", "a new pricing model", "API rate limits", "a product launch", "holiday schedules",
            "security patches", "the hiring pipeline", "cloud costs", "a conference talk", "user feedback",
            "inventory levels", "the mobile app release", "a data migration", "support tickets", "a marketing campaign",
            "energy usage", "a research paper", "the annual budget", "server logs", "a vendor contract"};
    private static final String[] REWORDINGS = {"%s %s about %s.", "Please %s %s about %s.", "Can you %s %s on %s?",
            "I need you to %s %s regarding %s.", "%s %s about %s, keep it short.", "Help me %s %s about %s.",
            "%s %s covering %s for my manager.", "Quick one: %s %s about %s."};
    private static final String[] WORDS = ("apple river engine quantum market garden violin tensor harbor glacier"
            + " lantern protocol saddle cipher meadow orbit ledger canyon pixel thunder velvet compass ember"
            + " falcon prism tundra quartz mosaic beacon nectar").split(" ");
    /** One-off requests: many question forms over a wide vocabulary, so that they do not look alike. */
    private static final String[] ASKS = {"How do I %s my %s?", "Why does the %s %s so often?", "What is the best %s for a %s?",
            "Is it safe to %s a %s at night?", "Compare the %s and the %s.", "Where can I find a cheap %s %s?",
            "My %s keeps trying to %s, what now?", "Recommend a %s to go with %s.", "Tell me a fact about %s and %s.",
            "When should I %s the %s?"};
    private static final String[] NOUNS = ("bicycle laptop sourdough orchid passport mortgage violin aquarium thermostat"
            + " kayak spreadsheet router espresso tattoo lawnmower saxophone chimney telescope wallet sneaker"
            + " dentist volcano penguin cactus satellite skateboard microwave guitar calendar umbrella backpack"
            + " printer pancake hamster trampoline vineyard lighthouse tractor piano helmet glacier compost"
            + " blender voucher mattress drone necklace kettle sailboat curtain freezer scooter").split(" ");
    private static final String[] ACTIONS = ("clean repair sell paint insure unlock freeze recycle polish update"
            + " wash store replace calibrate ship borrow").split(" ");

    final List<String> distinctTexts = new ArrayList<>();
    /** Per distinct text: its family, or -1 for a one-off request. */
    final List<Integer> family = new ArrayList<>();

    SyntheticTraces(int families, int oneOffs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int f = 0; f < families; f++) {
            String verb = VERBS[random.nextInt(VERBS.length)].toLowerCase(java.util.Locale.ROOT);
            String artefact = ARTEFACTS[random.nextInt(ARTEFACTS.length)];
            String topic = TOPICS[random.nextInt(TOPICS.length)] + " for " + WORDS[random.nextInt(WORDS.length)]
                    + " " + WORDS[random.nextInt(WORDS.length)];
            for (String template : REWORDINGS) {
                String text = String.format(template, verb, artefact, topic);
                distinctTexts.add(Character.toUpperCase(text.charAt(0)) + text.substring(1));
                family.add(f);
            }
        }
        for (int u = 0; u < oneOffs; u++) {
            distinctTexts.add(oneOff(random));
            family.add(-1);
        }
    }

    private static String oneOff(SplittableRandom random) {
        String ask = ASKS[random.nextInt(ASKS.length)];
        String first = ask.contains("I %s") || ask.contains("to %s") || ask.contains("should I %s")
                ? ACTIONS[random.nextInt(ACTIONS.length)] : NOUNS[random.nextInt(NOUNS.length)];
        return String.format(ask, first, NOUNS[random.nextInt(NOUNS.length)]) + " " + WORDS[random.nextInt(WORDS.length)]
                + " " + random.nextInt(10_000);
    }

    record Trace(String text, float[] vector) {
    }

    /** n traces: {@code repeatedShare} of them from families, the rest one-offs mixed from two one-off vectors. */
    List<Trace> traces(List<float[]> vectors, int n, double repeatedShare, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> repeated = new ArrayList<>();
        List<Integer> oneOff = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            (family.get(i) >= 0 ? repeated : oneOff).add(i);
        }
        List<Trace> out = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            if (random.nextDouble() < repeatedShare) {
                int i = repeated.get(random.nextInt(repeated.size()));
                out.add(new Trace(distinctTexts.get(i), noisy(vectors.get(i), null, 0.02, random)));
            } else {
                int a = oneOff.get(random.nextInt(oneOff.size()));
                int b = oneOff.get(random.nextInt(oneOff.size()));
                String text = oneOff(random) + " " + t; // a fresh text; its vector mixes two embedded one-offs
                out.add(new Trace(text, noisy(vectors.get(a), vectors.get(b), 0.3, random)));
            }
        }
        return out;
    }

    private static float[] noisy(float[] a, float[] b, double noise, SplittableRandom random) {
        float[] v = new float[a.length];
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (a[d] + (b == null ? 0 : b[d]) + noise * (random.nextDouble() - 0.5));
            norm += v[d] * v[d];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= scale;
        }
        return v;
    }
}
