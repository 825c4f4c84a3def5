package dev.llmos.skill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmos.volume.VolumeId;

/**
 * Chooses the skills for one chat message, from the skills the person can see (their own over
 * their team's over the system's, by id; see {@link SkillCatalog#layers}).
 *
 * <ol>
 *   <li><b>Mentions.</b> {@code $skill-id} in the message picks that skill, in order of appearance.
 *       Mentions are explicit, so they are never cut by {@code maxSkills} (they do use up its
 *       slots). They do count against the token budget: the first mentioned skill is always
 *       chosen, even if it alone is over the budget (an explicit ask must never silently do
 *       nothing); a later one that does not fit what is left goes to the top of the manifest.
 *       A {@code $name} matching no visible skill is reported in {@code unknownMentions} (names
 *       without a letter, like {@code $5}, are not reported: they are prices).</li>
 *   <li><b>Always-on skills</b> ({@link Skill#alwaysOn()}), by id: not limited by {@code maxSkills}
 *       either (they are configuration, not retrieval), but skipped (to the manifest) when they do
 *       not fit the budget that is left.</li>
 *   <li><b>Retrieval</b> fills the slots {@code maxSkills} leaves, best first, skipping candidates
 *       that do not fit the budget that is left (they go to the manifest). So {@code maxSkills = 0}
 *       retrieves nothing, while mentions and always-on skills are still honoured.</li>
 * </ol>
 *
 * <p>Retrieval is hybrid: Lucene BM25 over name^3, description^2, keywords^2 and body (English
 * analysis), fused by reciprocal rank with the cosine similarity of the message to each skill's
 * name, description and keywords (all-MiniLM-L6-v2). A candidate must also clear a minimum
 * relevance, so that a message unrelated to every skill ("hello") retrieves nothing: a high enough
 * cosine, or enough of the message's rarer words in the skill's name, description and keywords
 * (see {@link Tuning}). Without embeddings ({@link SkillEmbeddings#disabled()}) only the
 * lexical half runs. A skill hidden by a higher layer (same id) is never a candidate. The chosen
 * skills are ordered by id; the manifest holds mentioned and always-on skills that did not fit,
 * then the best relevant candidates that were not chosen. {@code estimatedTokens} counts what the
 * chosen skills add to a prompt: description and body, at {@link #estimateTokens} each.
 *
 * <p>Indexes are per volume and follow the catalog: each select checks every layer's commit and
 * updates a changed volume's index incrementally (only skills whose content changed), so a
 * change is visible to the very next select. Vectors of changed skills are computed on that
 * request when there are at most {@link Tuning#syncEmbeddings} of them; larger batches (an import,
 * a cold start without a vector cache) are computed by one background thread, and those skills
 * take part lexically until their vectors are in. Thread-safe; searches never lock.
 */
public final class SkillSelector implements AutoCloseable {

    /**
     * The knobs. The relevance thresholds were tuned on two libraries: the corpora in
     * {@code shared/corpora} (≈480 specific skills; 62 paraphrased requests with known answers)
     * and the 16 generic skills LLMos ships (19 requests), against chit-chat and the 80 MT-Bench
     * questions, which no skill there is for (see SkillSelectorQualityTests).
     *
     * <p>Words are weighed by idf over skill bodies, so generic words weigh little (pronouns,
     * auxiliaries and pleasantries are stop words). For a candidate: <em>coverage</em> is the
     * weighed share of the message's distinct words that the skill's name, id, description and
     * keywords contain; <em>weight</em> is the same covered idf in units of the largest possible
     * idf (a rare word is worth about one). A candidate is relevant on any of:
     * <ul>
     *   <li>{@code cosine + coverageWeight × min(coverage, weight) ≥ minRelevance} (semantic);</li>
     *   <li>coverage ≥ {@code minCoverage} and weight ≥ {@code minWeight}, with at least two words
     *       of the message (one for a one-word message);</li>
     *   <li>coverage ≥ {@code minTopCoverage} with at least three words, among the {@code topRank}
     *       best BM25 hits;</li>
     *   <li>the best BM25 hit, whose name, id or keywords hold a word of the message (two characters
     *       or more, a letter among them) with an idf of at least {@code minLabelIdf} of the largest possible, and with
     *       coverage ≥ {@code minLabelCoverage} ("a Python function" → the Python skill).</li>
     * </ul>
     *
     * @param candidates     how many hits each of BM25 and cosine contributes to the fusion
     * @param rrfK           the k of reciprocal rank fusion, 1/(k + rank)
     * @param manifestSize   most skills in the manifest
     * @param syncEmbeddings most vectors computed on the request that found them missing
     * @param maxIndexes     volumes kept indexed; the least recently used user or team index is dropped beyond
     */
    record Tuning(int candidates, int rrfK, double minRelevance, double coverageWeight, double minCoverage, double minWeight,
                  double minTopCoverage, int topRank, double minLabelIdf, double minLabelCoverage, int manifestSize,
                  int syncEmbeddings, int maxIndexes) {
        static final Tuning DEFAULT = new Tuning(40, 60, 0.5, 0.5, 0.35, 0.3, 0.2, 5, 0.15, 0.1, 10, 50, 512);

        Tuning withSyncEmbeddings(int n) {
            return new Tuning(candidates, rrfK, minRelevance, coverageWeight, minCoverage, minWeight, minTopCoverage, topRank,
                    minLabelIdf, minLabelCoverage, manifestSize, n, maxIndexes);
        }
    }

    /** One retrieval candidate and its evidence (package-private for tuning and tests). */
    static final class Candidate {
        final String id;
        final SkillIndex.Entry entry;
        float bm25;
        int lexRank;
        /** idf-weighted words of the message found in the skill's name, description and keywords. */
        double covered;
        /** idf-weighted words of the message. */
        double queryWeight;
        /** {@code covered} in units of the largest possible idf (a word no skill has). */
        double weight;
        double coverage;
        /** How many distinct words of the message the skill's name, description and keywords have. */
        int matched;
        /** How many distinct words (analyzed terms) the message has. */
        int queryTerms;
        /** The highest idf (relative to the largest possible) of a word of the message in the skill's name, id or keywords. */
        double labelIdf;
        float cosine = Float.NaN;
        int semRank;
        double fused;
        boolean relevant;

        Candidate(String id, SkillIndex.Entry entry) {
            this.id = id;
            this.entry = entry;
        }

        @Override
        public String toString() {
            return String.format("%s fused=%.4f bm25=%.2f#%d cov=%.2f cos=%.3f#%d%s", id, fused, bm25, lexRank, coverage,
                    cosine, semRank, relevant ? " relevant" : "");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SkillSelector.class);
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_$\\\\])\\$([a-z0-9]+(?:-[a-z0-9]+)*)(?![A-Za-z0-9_])");
    private static final int QUERY_CHARS = 4_000;
    /** Run BM25 while the message is embedded: only worth it with cores to spare beyond the model's two. */
    private static final boolean OVERLAP = Runtime.getRuntime().availableProcessors() > 2;
    private static final int QUERY_TERMS = 48;
    private static final float[] BOOSTS = {3f, 2f, 2f, 1f};
    private static final String[] FIELDS = {SkillIndex.NAME, SkillIndex.DESCRIPTION, SkillIndex.KEYWORDS, SkillIndex.BODY};

    private final SkillCatalog catalog;
    private final SkillEmbeddings embeddings;
    private final Tuning tuning;
    private final ConcurrentMap<VolumeId, SkillIndex> indexes = new ConcurrentHashMap<>();
    private final ConcurrentMap<VolumeId, Offered> offered = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private final ThreadPoolExecutor queryPool;
    private final AtomicInteger pendingJobs = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param embeddings the model ({@link SkillEmbeddings#disabled()} for lexical retrieval only); the
     *                   caller owns it and closes it after this selector
     */
    public SkillSelector(SkillCatalog catalog, SkillEmbeddings embeddings) {
        this(catalog, embeddings, Tuning.DEFAULT);
    }

    SkillSelector(SkillCatalog catalog, SkillEmbeddings embeddings, Tuning tuning) {
        this.catalog = Objects.requireNonNull(catalog);
        this.embeddings = embeddings == null ? SkillEmbeddings.disabled() : embeddings;
        this.tuning = tuning;
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newSingleThreadExecutor(r -> daemon(r, "skill-embedder"));
        // Query vectors are computed on platform threads (while the caller runs BM25 when there are
        // more than two cores): a virtual-thread caller must not pin its carrier in native code.
        this.queryPool = new ThreadPoolExecutor(0, Math.max(2, Runtime.getRuntime().availableProcessors()), 30,
                TimeUnit.SECONDS, new SynchronousQueue<>(), r -> daemon(r, "skill-query-" + n.incrementAndGet()),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Estimated tokens of a text for budgets: about four characters a token. */
    public static int estimateTokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    /** What a chosen skill adds to the prompt: its description and body. */
    static int promptTokens(Skill skill) {
        return estimateTokens(skill.description()) + estimateTokens(skill.body());
    }

    /**
     * The skills for one message of {@code userId} (member of {@code teamId}, may be null), by the
     * rules in the class comment. The first call for a volume indexes it (≈1 s for 10,000 skills);
     * call {@code select(null, null, "", 0, 0)} at start-up to do that early.
     *
     * @param maxSkills   most skills with full bodies; mentions and always-on skills use slots but are never cut by it
     * @param tokenBudget most estimated tokens of chosen descriptions and bodies (only a lone first mention may exceed it)
     */
    public Selection select(String userId, String teamId, String message, int maxSkills, int tokenBudget) {
        return select(userId, teamId, message, List.of(), maxSkills, tokenBudget);
    }

    /**
     * As {@link #select(String, String, String, int, int)}, for a follow-up in a conversation: the skills
     * {@code continued} (the previous turn's, by id) come after mentions and always-on skills and before
     * retrieval, with reason {@link Selection#CONTINUED}, so that "now make it shorter" keeps the skills
     * the conversation was using, though it names none of them. They use {@code maxSkills} slots and
     * the budget like retrieved skills; one that no longer fits, or is no longer visible, is left out.
     */
    public Selection select(String userId, String teamId, String message, List<String> continued, int maxSkills,
                            int tokenBudget) {
        if (closed) {
            throw new IllegalStateException("the skill selector is closed");
        }
        String text = message == null ? "" : message;
        long budget = Math.max(0, tokenBudget);
        List<SkillIndex.View> views = acquire(userId, teamId);
        try {
            Map<String, String> reasons = new LinkedHashMap<>();
            List<Skill> chosen = new ArrayList<>();
            List<Skill> spilled = new ArrayList<>();
            Set<String> spilledIds = new HashSet<>();
            List<String> unknown = new ArrayList<>();
            long used = 0;

            Matcher m = MENTION.matcher(text);
            Set<String> seen = new HashSet<>();
            boolean first = true;
            while (m.find()) {
                String id = m.group(1);
                if (!seen.add(id)) {
                    continue;
                }
                SkillIndex.Entry e = SkillParser.isValidId(id) ? visible(views, id) : null;
                if (e == null) {
                    if (id.chars().anyMatch(Character::isLetter)) {
                        unknown.add(id);
                    }
                    continue;
                }
                if (first || used + e.tokens() <= budget) {
                    chosen.add(e.skill());
                    reasons.put(id, Selection.MENTIONED);
                    used += e.tokens();
                } else if (spilledIds.add(id)) {
                    spilled.add(e.skill());
                }
                first = false;
            }

            for (SkillIndex.Entry e : alwaysOn(views)) {
                String id = e.skill().id();
                if (reasons.containsKey(id) || spilledIds.contains(id)) {
                    continue;
                }
                if (used + e.tokens() <= budget) {
                    chosen.add(e.skill());
                    reasons.put(id, Selection.ALWAYS_ON);
                    used += e.tokens();
                } else if (spilledIds.add(id)) {
                    spilled.add(e.skill());
                }
            }

            int slots = Math.max(0, maxSkills) - chosen.size();
            for (String id : continued) {
                SkillIndex.Entry e = SkillParser.isValidId(id) && !reasons.containsKey(id) && !spilledIds.contains(id)
                        ? visible(views, id) : null;
                if (e == null) {
                    continue;
                }
                if (slots > 0 && used + e.tokens() <= budget) {
                    chosen.add(e.skill());
                    reasons.put(id, Selection.CONTINUED);
                    used += e.tokens();
                    slots--;
                } else if (spilledIds.add(id)) {
                    spilled.add(e.skill());
                }
            }
            List<Skill> manifest = new ArrayList<>(spilled);
            for (Candidate c : rank(views, text)) {
                if (!c.relevant || reasons.containsKey(c.id) || spilledIds.contains(c.id)) {
                    continue;
                }
                if (slots > 0 && used + c.entry.tokens() <= budget) {
                    chosen.add(c.entry.skill());
                    reasons.put(c.id, Selection.RETRIEVED);
                    used += c.entry.tokens();
                    slots--;
                } else {
                    manifest.add(c.entry.skill());
                }
            }
            chosen.sort(Comparator.comparing(Skill::id));
            return new Selection(chosen, manifest.subList(0, Math.min(manifest.size(), tuning.manifestSize())), reasons,
                    unknown, used);
        } finally {
            views.forEach(SkillIndex::release);
        }
    }

    /** Retrieval candidates for {@code text} among what {@code userId}/{@code teamId} see, best first (for tuning and tests). */
    List<Candidate> candidates(String userId, String teamId, String text) {
        List<SkillIndex.View> views = acquire(userId, teamId);
        try {
            return rank(views, text);
        } finally {
            views.forEach(SkillIndex::release);
        }
    }

    /**
     * Waits until the background thread has computed every missing vector it was given. For
     * start-up, tests and benchmarks; selection never waits for it.
     */
    public boolean awaitEmbeddings(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingJobs.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
        queryPool.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexes.values().forEach(SkillIndex::close);
        indexes.clear();
    }

    // ---- views of the layers ----

    /** The current index view of each layer that has skills, highest precedence first, each with a reader reference held. */
    private List<SkillIndex.View> acquire(String userId, String teamId) {
        List<SkillIndex.View> out = new ArrayList<>(3);
        try {
            for (VolumeId layer : catalog.layers(userId, teamId)) {
                SkillCatalog.VolumeSkills skills = offered(layer, catalog.in(layer));
                if (skills.commit() == null || skills.skills().isEmpty()) {
                    SkillIndex stale = indexes.remove(layer);
                    if (stale != null) {
                        stale.close();
                    }
                    continue;
                }
                while (true) {
                    SkillIndex index = index(layer);
                    if (!Objects.equals(index.view().commit, skills.commit())) {
                        refresh(index, skills);
                    }
                    SkillIndex.View view = index.acquire();
                    if (view != null) {
                        out.add(view);
                        break;
                    }
                    indexes.remove(layer, index); // evicted meanwhile: make a new one
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(SkillIndex::release);
            throw e;
        }
    }

    /**
     * A draft awaits review ({@code metadata.status: draft}, as evolution writes them): it is listed
     * with the user's skills but never offered to a model (chosen, listed in the manifest, or
     * loaded) until it is accepted. A lower layer's skill with the same id shows through instead.
     */
    public static boolean isDraft(Skill skill) {
        return "draft".equalsIgnoreCase(skill.metadata().getOrDefault("status", "").strip());
    }

    /**
     * Whether a model may be given the skill (chosen, listed in the manifest, loaded): not a draft
     * awaiting review, and not a template saved before its name and description were filled in
     * ({@link TemplatePlaceholders}).
     */
    public static boolean isOffered(Skill skill) {
        return !isDraft(skill) && !TemplatePlaceholders.unfilled(skill);
    }

    /**
     * The layer's skills a model may be offered; the same object when that is all of them (the common
     * case). Worked out once per catalog view (that is, per commit of the layer), not on every select.
     */
    private SkillCatalog.VolumeSkills offered(VolumeId layer, SkillCatalog.VolumeSkills skills) {
        Offered known = offered.get(layer);
        if (known != null && known.source() == skills) {
            return known.offered();
        }
        SkillCatalog.VolumeSkills result = skills.skills().stream().allMatch(SkillSelector::isOffered) ? skills
                : new SkillCatalog.VolumeSkills(skills.volume(), skills.commit(),
                        skills.skills().stream().filter(SkillSelector::isOffered).toList(), skills.problems());
        offered.put(layer, new Offered(skills, result));
        return result;
    }

    /** A catalog view and what of it a model may be offered. */
    private record Offered(SkillCatalog.VolumeSkills source, SkillCatalog.VolumeSkills offered) {
    }

    private SkillIndex index(VolumeId layer) {
        SkillIndex index = indexes.get(layer);
        if (index != null) {
            return index;
        }
        index = indexes.computeIfAbsent(layer, SkillIndex::new);
        if (indexes.size() > tuning.maxIndexes()) {
            indexes.values().stream().filter(i -> i.volume.kind() != VolumeId.Kind.SYSTEM && i.volume != layer)
                    .min(Comparator.comparingLong(i -> i.lastUsed))
                    .ifPresent(lru -> {
                        if (indexes.remove(lru.volume, lru)) {
                            lru.close();
                        }
                    });
        }
        return index;
    }

    private void refresh(SkillIndex index, SkillCatalog.VolumeSkills skills) {
        long start = System.nanoTime();
        List<SkillIndex.Missing> missing = new ArrayList<>();
        SkillIndex.View view = index.update(skills, embeddings, missing);
        if (missing.size() > tuning.syncEmbeddings()) {
            pendingJobs.incrementAndGet();
            try {
                background.execute(() -> embedInBackground(missing));
            } catch (RuntimeException e) {
                pendingJobs.decrementAndGet(); // closed
            }
        } else if (!missing.isEmpty()) {
            try {
                List<float[]> vectors = new ArrayList<>(missing.size());
                for (SkillIndex.Missing m : missing) {
                    vectors.add(embeddings.vector(m.key(), m.text()));
                }
                index.install(missing, vectors);
            } catch (RuntimeException e) {
                log.warn("cannot embed {} skills of {}; they are matched by words only: {}", missing.size(),
                        index.volume, e.getMessage());
            }
        }
        if (log.isDebugEnabled()) {
            log.debug("indexed {} at {} ({} skills, {} vectors to compute) in {} ms", index.volume, view.commit,
                    view.entries.size(), missing.size(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void embedInBackground(List<SkillIndex.Missing> missing) {
        try {
            long start = System.nanoTime();
            List<SkillIndex.Missing> batch = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (SkillIndex.Missing m : missing) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                SkillIndex.Entry now = m.index().view().entries.get(m.id());
                if (now == null || !now.embedKey().equals(m.key())) {
                    continue; // changed or deleted since: its new content was queued on its own
                }
                batch.add(m);
                vectors.add(embeddings.vector(m.key(), m.text()));
                if (batch.size() == 64) {
                    m.index().install(batch, vectors);
                    batch = new ArrayList<>();
                    vectors = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                batch.get(0).index().install(batch, vectors);
            }
            log.info("embedded {} skills of {} in {} ms", missing.size(), missing.get(0).index().volume,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("background embedding failed; those skills are matched by words only: {}", e.toString());
            }
        } finally {
            pendingJobs.decrementAndGet();
        }
    }

    /** The skill with this id as the user sees it (highest layer wins), or null. */
    private static SkillIndex.Entry visible(List<SkillIndex.View> views, String id) {
        for (SkillIndex.View v : views) {
            SkillIndex.Entry e = v.entries.get(id);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** True when a layer above {@code layer} has a skill with this id, which then hides this one. */
    private static boolean shadowed(List<SkillIndex.View> views, int layer, String id) {
        for (int j = 0; j < layer; j++) {
            if (views.get(j).entries.containsKey(id)) {
                return true;
            }
        }
        return false;
    }

    private static List<SkillIndex.Entry> alwaysOn(List<SkillIndex.View> views) {
        List<SkillIndex.Entry> out = new ArrayList<>();
        for (int k = 0; k < views.size(); k++) {
            for (SkillIndex.Entry e : views.get(k).alwaysOn) {
                if (!shadowed(views, k, e.skill().id())) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparing(e -> e.skill().id()));
        return out;
    }

    /** How many skills of lower layers are hidden by higher ones (searches fetch that many more hits). */
    private static int shadowCount(List<SkillIndex.View> views) {
        int n = 0;
        for (int k = 1; k < views.size(); k++) {
            for (int j = 0; j < k; j++) {
                Map<String, SkillIndex.Entry> a = views.get(j).entries;
                Map<String, SkillIndex.Entry> b = views.get(k).entries;
                Map<String, SkillIndex.Entry> small = a.size() <= b.size() ? a : b;
                Map<String, SkillIndex.Entry> large = small == a ? b : a;
                for (String id : small.keySet()) {
                    if (large.containsKey(id)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    // ---- retrieval ----

    private List<Candidate> rank(List<SkillIndex.View> views, String text) {
        if (text.isBlank() || views.isEmpty()) {
            return List.of();
        }
        Future<float[]> queryVector = null;
        if (embeddings.enabled() && views.stream().anyMatch(v -> v.vectors.size() > 0)) {
            try {
                queryVector = queryPool.submit(() -> embeddings.embedQuery(text));
                if (!OVERLAP) {
                    vector(queryVector); // two cores: the model already uses both, BM25 would only slow it down
                }
            } catch (RuntimeException e) {
                queryVector = null; // shutting down
            }
        }
        Map<String, Candidate> candidates = new HashMap<>();
        String clipped = text.length() > QUERY_CHARS ? text.substring(0, QUERY_CHARS) : text;
        List<String> terms = SkillIndex.analyze(clipped, QUERY_TERMS);
        if (!terms.isEmpty()) {
            lexical(views, terms, candidates);
        }
        float[] q = queryVector == null ? null : vector(queryVector);
        if (q != null) {
            semantic(views, q, candidates);
        }
        List<Candidate> out = new ArrayList<>(candidates.values());
        for (Candidate c : out) {
            c.fused = (c.lexRank > 0 ? 1.0 / (tuning.rrfK() + c.lexRank) : 0) + (c.semRank > 0 ? 1.0 / (tuning.rrfK() + c.semRank) : 0);
            c.relevant = relevant(c);
        }
        out.sort(Comparator.comparingDouble((Candidate c) -> -c.fused).thenComparing(c -> c.id));
        return out;
    }

    /** The message's vector, or null (then matching is by words only) when the model failed. */
    private static float[] vector(Future<float[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding the message", e);
        } catch (ExecutionException e) {
            log.warn("cannot embed the message; matching by words only: {}", String.valueOf(e.getCause()));
            return null;
        }
    }

    /** The minimum relevance (see {@link Tuning}): semantic or lexical evidence that the skill fits the message. */
    private boolean relevant(Candidate c) {
        boolean semantic = !Float.isNaN(c.cosine)
                && c.cosine + tuning.coverageWeight() * Math.min(c.coverage, c.weight) >= tuning.minRelevance();
        boolean lexical = c.lexRank > 0
                && ((c.coverage >= tuning.minCoverage() && c.weight >= tuning.minWeight() && c.matched >= Math.min(2, c.queryTerms))
                || (c.coverage >= tuning.minTopCoverage() && c.matched >= 3 && c.lexRank <= tuning.topRank())
                || (c.lexRank == 1 && c.labelIdf >= tuning.minLabelIdf() && c.coverage >= tuning.minLabelCoverage()));
        return semantic || lexical;
    }

    private void lexical(List<SkillIndex.View> views, List<String> terms, Map<String, Candidate> candidates) {
        IndexReader[] readers = new IndexReader[views.size()];
        int[] starts = new int[views.size() + 1];
        for (int k = 0; k < views.size(); k++) {
            readers[k] = views.get(k).reader;
            starts[k + 1] = starts[k] + readers[k].maxDoc();
        }
        try (MultiReader reader = new MultiReader(readers, false)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null); // a new reader per request: caching would only churn
            IndexReaderContext top = reader.getContext();
            List<LeafReaderContext> leaves = reader.leaves();
            // One terms enumeration per field and segment, reused for every word: TermQuery would
            // open a new one per word, field and segment (≈1 MB of garbage for a long message).
            TermsEnum[][] enums = new TermsEnum[FIELDS.length][leaves.size()];
            for (int f = 0; f < FIELDS.length; f++) {
                for (LeafReaderContext leaf : leaves) {
                    Terms t = leaf.reader().terms(FIELDS[f]);
                    enums[f][leaf.ord] = t == null ? null : t.iterator();
                }
            }
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            double[] idf = new double[terms.size()];
            double idfSum = 0;
            int docs = Math.max(1, reader.numDocs());
            int clauses = 0;
            for (int t = 0; t < terms.size(); t++) {
                BytesRef bytes = new BytesRef(terms.get(t));
                int bodyFreq = 0;
                for (int f = 0; f < FIELDS.length; f++) {
                    TermStates states = null;
                    for (LeafReaderContext leaf : leaves) {
                        TermsEnum te = enums[f][leaf.ord];
                        if (te != null && te.seekExact(bytes)) {
                            if (states == null) {
                                states = new TermStates(top);
                            }
                            states.register(te.termState(), leaf.ord, te.docFreq(), te.totalTermFreq());
                        }
                    }
                    if (states != null) {
                        query.add(new BoostQuery(new TermQuery(new Term(FIELDS[f], bytes), states), BOOSTS[f]),
                                BooleanClause.Occur.SHOULD);
                        clauses++;
                        if (FIELDS[f].equals(SkillIndex.BODY)) {
                            bodyFreq = states.docFreq();
                        }
                    }
                }
                idf[t] = Math.log(1 + (docs - bodyFreq + 0.5) / (bodyFreq + 0.5));
                idfSum += idf[t];
            }
            if (clauses == 0) {
                return;
            }
            double maxIdf = Math.log(1 + (docs + 0.5) / 0.5);
            ScoreDoc[] hits = searcher.search(query.build(), tuning.candidates() + shadowCount(views)).scoreDocs;
            String[] hitIds = idsOf(hits, leaves);
            int rank = 0;
            for (int h = 0; h < hits.length; h++) {
                String id = hitIds[h];
                int layer = layerOf(starts, hits[h].doc);
                SkillIndex.Entry entry = id == null ? null : views.get(layer).entries.get(id);
                if (entry == null || shadowed(views, layer, id)) {
                    continue;
                }
                Candidate c = candidates.computeIfAbsent(id, k -> new Candidate(k, entry));
                c.bm25 = hits[h].score;
                c.lexRank = ++rank;
                double covered = 0;
                for (int t = 0; t < terms.size(); t++) {
                    if (entry.metaTerms().contains(terms.get(t))) {
                        covered += idf[t];
                        c.matched++;
                        if (isLabelWord(terms.get(t)) && entry.labelTerms().contains(terms.get(t))) {
                            c.labelIdf = Math.max(c.labelIdf, idf[t] / maxIdf);
                        }
                    }
                }
                c.covered = covered;
                c.weight = covered / maxIdf;
                c.queryTerms = terms.size();
                c.queryWeight = idfSum;
                c.coverage = idfSum == 0 ? 0 : covered / idfSum;
                if (rank == tuning.candidates()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The skill id of each hit, read from doc values in doc order (their iterators only go forward). */
    private static String[] idsOf(ScoreDoc[] hits, List<LeafReaderContext> leaves) throws IOException {
        Integer[] order = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> hits[i].doc));
        String[] ids = new String[hits.length];
        SortedDocValues values = null;
        int leafIndex = -1;
        for (int i : order) {
            int doc = hits[i].doc;
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                values = DocValues.getSorted(leaves.get(li).reader(), SkillIndex.ID);
            }
            if (values.advanceExact(doc - leaves.get(li).docBase)) {
                ids[i] = values.lookupOrd(values.ordValue()).utf8ToString();
            }
        }
        return ids;
    }

    /** A word that can name a topic: two characters or more, at least one a letter (not "c", not "37"). */
    private static boolean isLabelWord(String term) {
        return term.length() > 1 && term.chars().anyMatch(Character::isLetter);
    }

    private static int layerOf(int[] starts, int doc) {
        int k = 0;
        while (doc >= starts[k + 1]) {
            k++;
        }
        return k;
    }

    private void semantic(List<SkillIndex.View> views, float[] q, Map<String, Candidate> candidates) {
        int n = tuning.candidates();
        float[] scores = new float[n];
        String[] ids = new String[n];
        int[] layers = new int[n];
        int count = 0;
        float floor = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < views.size(); k++) {
            SkillIndex.Vectors vectors = views.get(k).vectors;
            float[] data = vectors.data();
            String[] slotIds = vectors.ids();
            for (int s = 0, size = vectors.size(); s < size; s++) {
                String id = slotIds[s];
                if (id == null) {
                    continue;
                }
                float score = dot(q, data, s * SkillEmbeddings.DIMENSIONS);
                if (count == n && score <= floor) {
                    continue;
                }
                if (k > 0 && shadowed(views, k, id)) {
                    continue;
                }
                // insert into the sorted (descending) top-n
                int pos = count == n ? n - 1 : count++;
                while (pos > 0 && scores[pos - 1] < score) {
                    scores[pos] = scores[pos - 1];
                    ids[pos] = ids[pos - 1];
                    layers[pos] = layers[pos - 1];
                    pos--;
                }
                scores[pos] = score;
                ids[pos] = id;
                layers[pos] = k;
                if (count == n) {
                    floor = scores[n - 1];
                }
            }
        }
        for (int r = 0; r < count; r++) {
            SkillIndex.Entry entry = views.get(layers[r]).entries.get(ids[r]);
            if (entry == null) {
                continue;
            }
            Candidate c = candidates.computeIfAbsent(ids[r], k -> new Candidate(k, entry));
            c.cosine = scores[r];
            c.semRank = r + 1;
        }
        // Lexical hits outside the semantic top-n still get their cosine, for the relevance test.
        for (Candidate c : candidates.values()) {
            if (c.semRank == 0) {
                for (SkillIndex.View v : views) {
                    if (v.entries.get(c.id) == c.entry) {
                        Integer slot = v.vectors.slots().get(c.id);
                        if (slot != null) {
                            c.cosine = dot(q, v.vectors.data(), slot * SkillEmbeddings.DIMENSIONS);
                        }
                        break;
                    }
                }
            }
        }
    }

    /** Dot product of two normalized vectors (= cosine); four accumulators for instruction-level parallelism. */
    static float dot(float[] q, float[] data, int offset) {
        float a = 0;
        float b = 0;
        float c = 0;
        float d = 0;
        for (int i = 0; i < SkillEmbeddings.DIMENSIONS; i += 4) {
            a += q[i] * data[offset + i];
            b += q[i + 1] * data[offset + i + 1];
            c += q[i + 2] * data[offset + i + 2];
            d += q[i + 3] * data[offset + i + 3];
        }
        return (a + b) + (c + d);
    }
}
