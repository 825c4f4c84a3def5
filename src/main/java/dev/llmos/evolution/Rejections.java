package dev.llmos.evolution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.llmos.volume.Snapshot;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evolution/rejected.json} in the user's volume: the signature of every rejected draft, so
 * that the same pattern is not proposed again unless it changes materially ({@link Signature}).
 * Kept in git with the rest of the user's data; the newest {@value #KEEP} are kept.
 */
final class Rejections {

    static final String PATH = "evolution/rejected.json";
    static final int KEEP = 500;
    static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /** One rejection. {@code kind} is {@code new} or {@code update}. */
    record Entry(String id, String kind, String reason, Instant time, String runId, int count, List<String> traces,
                 List<String> terms) {
        Signature signature() {
            return new Signature(traces, count, terms);
        }
    }

    record File(List<Entry> rejected) {
        File {
            rejected = rejected == null ? List.of() : List.copyOf(rejected);
        }
    }

    private Rejections() {
    }

    static List<Entry> read(Snapshot snapshot) {
        return snapshot.read(PATH).map(bytes -> {
            try {
                return JSON.readValue(bytes, File.class).rejected();
            } catch (RuntimeException damaged) {
                return List.<Entry>of(); // edited by hand into something unreadable: forget, do not fail runs
            }
        }).orElse(List.of());
    }

    static byte[] with(List<Entry> current, Entry added) {
        List<Entry> all = new ArrayList<>(current);
        all.add(added);
        List<Entry> kept = all.subList(Math.max(0, all.size() - KEEP), all.size());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new File(kept));
    }
}
