package dev.llmos.skill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

import dev.llmos.volume.VolumeId;

/**
 * The search index of one volume's skills at one commit: a Lucene index in memory (BM25 over
 * name, description, keywords and body) and a flat table of embedding vectors (of name,
 * description and keywords). Updated incrementally: only skills whose content changed are
 * re-indexed and re-embedded.
 *
 * <p>Readers never lock: they take the published {@link View} (immutable; its Lucene reader is
 * reference-counted, so a replaced view stays usable until its last search ends). Updates are
 * serialized per index.
 */
final class SkillIndex {

    /**
     * Lucene's English stop words plus the pronouns, auxiliaries, question words and chat
     * pleasantries that carry no topic ("who are you?", "can you do that again?", "help"): with
     * them, a skill whose description says "who you are" would match any chit-chat.
     */
    static final CharArraySet STOP_WORDS;

    static {
        CharArraySet stop = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        stop.addAll(List.of("i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
                "yourself", "yourselves", "he", "him", "his", "she", "her", "hers", "its", "itself", "them", "theirs",
                "themselves", "what", "which", "who", "whom", "whose", "am", "been", "being", "have", "has", "had", "having",
                "do", "does", "did", "doing", "done", "would", "should", "could", "can", "cannot", "shall", "may", "might",
                "must", "need", "because", "until", "while", "about", "against", "between", "through", "during", "before",
                "after", "above", "below", "from", "up", "down", "out", "off", "over", "under", "again", "further", "once",
                "here", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some",
                "nor", "only", "own", "same", "so", "than", "too", "very", "just", "now", "also", "please", "thanks", "thank",
                "hi", "hello", "hey", "ok", "okay", "yes", "yeah", "help", "let", "lets", "get", "got", "want", "like",
                "something", "anything", "thing", "things", "really", "im", "ive", "dont", "don't", "i'm", "i've", "it's"));
        STOP_WORDS = CharArraySet.unmodifiableSet(stop);
    }

    static final Analyzer ANALYZER = new EnglishAnalyzer(STOP_WORDS);
    static final String ID = "id";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String KEYWORDS = "keywords";
    static final String BODY = "body";

    /**
     * One indexed skill: the skill as last read, the text its vector is of, its prompt tokens, and
     * the analyzed terms of its name, id, description and keywords ({@code metaTerms}) and of its
     * name, id and keywords alone ({@code labelTerms}).
     */
    record Entry(Skill skill, String embedKey, String embedText, int tokens, Set<String> metaTerms, Set<String> labelTerms) {
    }

    /** What a search sees: the index at one commit. */
    static final class View {
        final VolumeId volume;
        final String commit;
        final Map<String, Entry> entries;
        final DirectoryReader reader;
        final Vectors vectors;
        /** The always-on skills, by id. */
        final List<Entry> alwaysOn;
        /** Skills without a vector yet (matched by words only until it is computed). */
        final int pendingVectors;

        View(VolumeId volume, String commit, Map<String, Entry> entries, List<Entry> alwaysOn, DirectoryReader reader,
             Vectors vectors, int pendingVectors) {
            this.volume = volume;
            this.commit = commit;
            this.entries = entries;
            this.alwaysOn = alwaysOn;
            this.reader = reader;
            this.vectors = vectors;
            this.pendingVectors = pendingVectors;
        }
    }

    /** Vectors of one view: slot i holds ids[i]'s vector at data[i*384..]; null id = a dead slot. */
    record Vectors(float[] data, String[] ids, int size, Map<String, Integer> slots) {
        static final Vectors EMPTY = new Vectors(new float[0], new String[0], 0, Map.of());
    }

    /** Work for the background embedder: texts whose vectors this index still lacks. */
    record Missing(SkillIndex index, String id, String key, String text) {
    }

    final VolumeId volume;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final Object lock = new Object();
    private volatile View view;
    volatile long lastUsed = System.nanoTime();
    private boolean closed;

    // The writer side of the vector table, guarded by lock. Slots are append-only: a changed skill
    // gets a new slot and its old one dies, so the arrays published views read never change.
    private float[] data = new float[0];
    private String[] slotIds = new String[0];
    private int size;
    private int dead;
    private final Map<String, Integer> slotOf = new HashMap<>();

    SkillIndex(VolumeId volume) {
        this.volume = volume;
        try {
            IndexWriterConfig config = new IndexWriterConfig(ANALYZER);
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            config.setCommitOnClose(false);
            config.setRAMBufferSizeMB(32);
            writer = new IndexWriter(directory, config);
            view = new View(volume, null, Map.of(), List.of(), DirectoryReader.open(writer), Vectors.EMPTY, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    View view() {
        return view;
    }

    /**
     * Brings the index to {@code skills} (a catalog view at one commit). Returns the new view, and
     * adds to {@code missing} the vectors it lacks that are not cached (the caller decides whether
     * to compute them now or in the background).
     */
    View update(SkillCatalog.VolumeSkills skills, SkillEmbeddings embeddings, List<Missing> missing) {
        synchronized (lock) {
            View old = view;
            if (closed || Objects.equals(old.commit, skills.commit())) {
                return old;
            }
            try {
                Map<String, Entry> next = new HashMap<>(Math.max(16, skills.skills().size() * 2));
                List<Entry> changed = new ArrayList<>();
                for (Skill skill : skills.skills()) {
                    Entry before = old.entries.get(skill.id());
                    if (before != null && sameContent(before.skill(), skill)) {
                        next.put(skill.id(), new Entry(skill, before.embedKey(), before.embedText(), before.tokens(),
                                before.metaTerms(), before.labelTerms()));
                    } else {
                        Entry entry = entry(skill);
                        next.put(skill.id(), entry);
                        changed.add(entry);
                    }
                }
                List<String> removed = new ArrayList<>();
                for (String id : old.entries.keySet()) {
                    if (!next.containsKey(id)) {
                        removed.add(id);
                    }
                }
                for (Entry e : changed) {
                    writer.updateDocument(new Term(ID, e.skill().id()), document(e.skill()));
                }
                for (String id : removed) {
                    writer.deleteDocuments(new Term(ID, id));
                }
                DirectoryReader reader = old.reader;
                if (!changed.isEmpty() || !removed.isEmpty()) {
                    DirectoryReader reopened = DirectoryReader.openIfChanged(old.reader, writer);
                    if (reopened != null) {
                        reader = reopened;
                    }
                }
                if (embeddings.enabled()) {
                    for (String id : removed) {
                        kill(id);
                    }
                    for (Entry e : changed) {
                        kill(e.skill().id());
                        float[] v = embeddings.cached(e.embedKey());
                        if (v != null) {
                            append(e.skill().id(), v);
                        } else {
                            missing.add(new Missing(this, e.skill().id(), e.embedKey(), e.embedText()));
                        }
                    }
                    compactIfSparse();
                }
                List<Entry> alwaysOn = new ArrayList<>();
                for (Entry e : next.values()) {
                    if (e.skill().alwaysOn()) {
                        alwaysOn.add(e);
                    }
                }
                alwaysOn.sort(java.util.Comparator.comparing(e -> e.skill().id()));
                int pending = embeddings.enabled() ? next.size() - slotOf.size() : 0;
                publish(new View(volume, skills.commit(), Map.copyOf(next), List.copyOf(alwaysOn), reader, vectors(), pending));
                return view;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Installs vectors computed in the background, for skills that still have that content. */
    void install(List<Missing> done, List<float[]> vectors) {
        synchronized (lock) {
            View old = view;
            if (closed) {
                return;
            }
            int added = 0;
            for (int i = 0; i < done.size(); i++) {
                Missing m = done.get(i);
                Entry e = old.entries.get(m.id());
                if (e != null && e.embedKey().equals(m.key()) && !slotOf.containsKey(m.id())) {
                    append(m.id(), vectors.get(i));
                    added++;
                }
            }
            if (added > 0) {
                publish(new View(volume, old.commit, old.entries, old.alwaysOn, old.reader, vectors(),
                        old.entries.size() - slotOf.size()));
            }
        }
    }

    private void publish(View next) throws UncheckedIOException {
        View old = view;
        view = next;
        if (old.reader != next.reader) {
            try {
                old.reader.decRef(); // closes once the last search on it ends
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Takes a reference on the current view's reader (release with {@link #release}); null once closed. */
    View acquire() {
        lastUsed = System.nanoTime();
        while (true) {
            View v = view;
            if (v.reader.tryIncRef()) {
                return v;
            }
            if (v == view) {
                return null; // closed (evicted)
            }
        }
    }

    static void release(View v) {
        try {
            v.reader.decRef();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.rollback(); // nothing is ever committed: the index is derived from the volume
                view.reader.decRef();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- vector table (under lock) ----

    private void kill(String id) {
        Integer slot = slotOf.remove(id);
        if (slot != null) {
            slotIds[slot] = null;
            dead++;
        }
    }

    private void append(String id, float[] v) {
        if (size == slotIds.length) {
            int capacity = Math.max(64, size + (size >> 1));
            data = Arrays.copyOf(data, capacity * SkillEmbeddings.DIMENSIONS);
            slotIds = Arrays.copyOf(slotIds, capacity);
        }
        System.arraycopy(v, 0, data, size * SkillEmbeddings.DIMENSIONS, SkillEmbeddings.DIMENSIONS);
        slotIds[size] = id;
        slotOf.put(id, size);
        size++;
    }

    /** Rewrites the table without dead slots once they are the majority (into new arrays: old views keep theirs). */
    private void compactIfSparse() {
        if (dead < 64 || dead * 2 < size) {
            return;
        }
        int live = size - dead;
        float[] d = new float[Math.max(64, live + (live >> 1)) * SkillEmbeddings.DIMENSIONS];
        String[] ids = new String[d.length / SkillEmbeddings.DIMENSIONS];
        int n = 0;
        slotOf.clear();
        for (int s = 0; s < size; s++) {
            if (slotIds[s] != null) {
                System.arraycopy(data, s * SkillEmbeddings.DIMENSIONS, d, n * SkillEmbeddings.DIMENSIONS, SkillEmbeddings.DIMENSIONS);
                ids[n] = slotIds[s];
                slotOf.put(ids[n], n);
                n++;
            }
        }
        data = d;
        slotIds = ids;
        size = n;
        dead = 0;
    }

    private Vectors vectors() {
        return new Vectors(data, Arrays.copyOf(slotIds, size), size, Map.copyOf(slotOf));
    }

    // ---- documents ----

    static Entry entry(Skill skill) {
        String text = embedText(skill);
        Set<String> labels = new HashSet<>();
        labels.addAll(analyze(nameText(skill), 256));
        labels.addAll(analyze(String.join(" ", skill.keywords()), 256));
        Set<String> terms = new HashSet<>(labels);
        terms.addAll(analyze(nullToEmpty(skill.description()), 256));
        return new Entry(skill, SkillEmbeddings.key(text), text, SkillSelector.promptTokens(skill), Set.copyOf(terms),
                Set.copyOf(labels));
    }

    /** What the vector is of: name, description, keywords; well under the model's 128 word-pieces for most skills. */
    static String embedText(Skill skill) {
        StringBuilder b = new StringBuilder(nullToEmpty(skill.name()).strip());
        String description = nullToEmpty(skill.description()).strip();
        if (!description.isEmpty()) {
            b.append(". ").append(description);
        }
        if (!skill.keywords().isEmpty()) {
            b.append(description.endsWith(".") ? " " : ". ").append("Keywords: ").append(String.join(", ", skill.keywords()));
        }
        return b.toString();
    }

    private static Document document(Skill skill) {
        Document doc = new Document();
        doc.add(new StringField(ID, skill.id(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ID, new BytesRef(skill.id())));
        doc.add(new TextField(NAME, nameText(skill), Field.Store.NO));
        doc.add(new TextField(DESCRIPTION, nullToEmpty(skill.description()), Field.Store.NO));
        doc.add(new TextField(KEYWORDS, String.join(" ", skill.keywords()), Field.Store.NO));
        doc.add(new TextField(BODY, skill.body(), Field.Store.NO));
        return doc;
    }

    /** The name and the id's words: "mcp-builder" matches "mcp" and "builder". */
    private static String nameText(Skill skill) {
        return nullToEmpty(skill.name()) + " " + skill.id().replace('-', ' ');
    }

    /** Same content as far as selection is concerned (the commit and paths may differ). */
    static boolean sameContent(Skill a, Skill b) {
        return a.id().equals(b.id()) && Objects.equals(a.name(), b.name())
                && Objects.equals(a.description(), b.description()) && a.keywords().equals(b.keywords())
                && a.body().equals(b.body()) && a.alwaysOn() == b.alwaysOn();
    }

    /** The distinct analyzed terms of {@code text}, in order of first appearance, at most {@code max}. */
    static List<String> analyze(String text, int max) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (TokenStream ts = ANALYZER.tokenStream(BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && out.size() < max) {
                String t = term.toString();
                if (seen.add(t)) {
                    out.add(t);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
