package dev.llmos.evolution;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One user's trace vectors, cached in {@code {volumes}/.cache/evolution/{user}.vec} so a run embeds
 * only new traces. Derived data: the file may be deleted at any time (costing recomputation).
 *
 * <p>Append-only records {@code [int length][payload][int crc32(payload)]}, the payload being the
 * trace id, the SHA-256 of the embedded text (a changed text is a miss) and the floats. A record
 * whose checksum fails is skipped; a torn tail (a crash mid-append) ends the read.
 */
final class TraceVectors {

    private static final int MAX_RECORD = 64 * 1024;

    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();

    private TraceVectors(Path file) {
        this.file = file;
    }

    static TraceVectors open(Path file) {
        TraceVectors cache = new TraceVectors(file);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                cache.load(new DataInputStream(new java.io.BufferedInputStream(in)));
            } catch (IOException e) {
                // Unreadable: derived data, start again from what was read.
            }
        }
        return cache;
    }

    private void load(DataInputStream in) throws IOException {
        while (true) {
            int length;
            byte[] payload;
            int crc;
            try {
                length = in.readInt();
                if (length <= 0 || length > MAX_RECORD) {
                    return; // framing is lost; the rest cannot be trusted
                }
                payload = in.readNBytes(length);
                if (payload.length < length) {
                    return;
                }
                crc = in.readInt();
            } catch (EOFException end) {
                return;
            }
            if (crc32(payload) != crc) {
                continue; // damaged record: skipped
            }
            try (DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
                String key = p.readUTF();
                int dims = p.readInt();
                float[] v = new float[dims];
                for (int i = 0; i < dims; i++) {
                    v[i] = p.readFloat();
                }
                vectors.put(key, v);
            } catch (IOException | RuntimeException bad) {
                // a record that passed the checksum but does not parse: skipped
            }
        }
    }

    /** The cached vector of this trace's text, or null. */
    float[] get(String traceId, String text) {
        return vectors.get(key(traceId, text));
    }

    int size() {
        return vectors.size();
    }

    /** Remembers and appends vectors; a failed append only costs recomputation next time. */
    void put(List<String> traceIds, List<String> texts, List<float[]> computed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DataOutputStream data = new DataOutputStream(out);
            for (int i = 0; i < traceIds.size(); i++) {
                String key = key(traceIds.get(i), texts.get(i));
                float[] v = computed.get(i);
                vectors.put(key, v);
                ByteArrayOutputStream record = new ByteArrayOutputStream(16 + 4 * v.length + key.length());
                DataOutputStream r = new DataOutputStream(record);
                r.writeUTF(key);
                r.writeInt(v.length);
                for (float f : v) {
                    r.writeFloat(f);
                }
                byte[] payload = record.toByteArray();
                data.writeInt(payload.length);
                data.write(payload);
                data.writeInt(crc32(payload));
            }
            Files.createDirectories(file.getParent());
            try (OutputStream append = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                append.write(out.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace vector cache " + file, e);
        }
    }

    static String key(String traceId, String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
            return traceId + ":" + java.util.HexFormat.of().formatHex(Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
