package dev.llmos.promotion;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;

import dev.llmos.agent.AgentParser;
import dev.llmos.skill.SkillParser;
import dev.llmos.volume.Author;
import dev.llmos.volume.CommitInfo;
import dev.llmos.volume.Expect;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.VolumeConflictException;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumePaths;
import dev.llmos.volume.VolumeStore;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where requests live: {@code promotions/{id}.json} in the source volume, one commit per change.
 * Keeps an index from id to source volume, built on first use by scanning every user and team
 * volume; the records themselves are always read from the volume's head, so edits made with git
 * outside LLMos count. Also hands out ids and the per-request locks.
 */
final class PromotionRecords {

    /** A record as read, with the blob id it was read at (the precondition for the next write). */
    record Stored(Promotion promotion, VolumeId source, String blobId) {
    }

    static final Pattern ID = Pattern.compile("prm_[0-9]{8}_[0-9a-f]{8}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Set<String> STATUSES = Set.of(Promotion.OPEN, Promotion.STALE, Promotion.MERGED,
            Promotion.REJECTED, Promotion.WITHDRAWN, Promotion.REVERTED);
    private static final String FOLDER = "promotions";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT) // reviewed in git diffs, so one field a line
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer LLMos may add fields
            .build();

    private final VolumeStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, VolumeId> index = new ConcurrentHashMap<>();
    private volatile boolean scanned;
    // Striped, so the lock table stays bounded; two requests sharing a stripe merely wait for each other.
    private final ReentrantLock[] requestLocks = stripes();
    private final ReentrantLock[] openLocks = stripes();

    PromotionRecords(VolumeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String path(String id) {
        return FOLDER + "/" + id + ".json";
    }

    String newId() {
        scan();
        while (true) {
            byte[] bytes = new byte[4];
            random.nextBytes(bytes);
            String id = "prm_" + DAY.format(clock.instant()) + "_" + HexFormat.of().formatHex(bytes);
            if (!index.containsKey(id)) {
                return id;
            }
        }
    }

    Stored require(String id) {
        return find(id).orElseThrow(() -> new PromotionNotFoundException(id));
    }

    /** The record, or empty when no volume holds it. A damaged record is a {@link PromotionStateException}. */
    Optional<Stored> find(String id) {
        scan();
        VolumeId source = index.get(id);
        return source == null ? Optional.empty() : read(source, id);
    }

    /** Every readable record in every volume; damaged ones are left out. */
    List<Stored> all() {
        scan();
        List<Stored> out = new ArrayList<>();
        for (Map.Entry<String, VolumeId> e : index.entrySet()) {
            try {
                read(e.getValue(), e.getKey()).ifPresent(out::add);
            } catch (PromotionStateException damaged) {
                // a hand-edited record that no longer parses; get() reports it, listings skip it
            }
        }
        return out;
    }

    /** The records in one volume, read from its head (not the index), damaged ones left out. */
    List<Stored> inVolume(VolumeId volume) {
        List<Stored> out = new ArrayList<>();
        store.find(volume).ifPresent(v -> {
            for (Snapshot.Entry e : v.snapshot().files(FOLDER)) {
                String id = idOf(e.path());
                if (id != null) {
                    try {
                        read(volume, id).ifPresent(out::add);
                    } catch (PromotionStateException damaged) {
                        // skipped, as in all()
                    }
                }
            }
        });
        return out;
    }

    /**
     * Writes {@code next} as one commit to the source volume, only if the record is still as
     * {@code previous} read it (absent when null): a hand edit in between fails the write.
     */
    Stored write(Stored previous, Promotion next, Author author, String message) {
        VolumeId source = VolumeId.parse(next.source());
        byte[] json = (JSON.writeValueAsString(next) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String path = path(next.id());
        try {
            store.open(source).commit(author, message, List.of(new FileChange.Put(path, json)),
                    List.of(new Expect(path, previous == null ? null : previous.blobId())));
        } catch (VolumeConflictException e) {
            throw new PromotionStateException("promotion " + next.id() + " was changed by someone else at the same time; try again");
        }
        index.put(next.id(), source);
        String blob;
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            blob = f.idFor(Constants.OBJ_BLOB, json).name();
        }
        return new Stored(next, source, blob);
    }

    <T> T locked(String id, Supplier<T> body) {
        return locked(requestLocks, id, body);
    }

    /** Serialises opening requests from one source volume, so a duplicate check cannot race. */
    <T> T lockedOpen(VolumeId source, Supplier<T> body) {
        return locked(openLocks, source.path(), body);
    }

    private static <T> T locked(ReentrantLock[] stripes, String key, Supplier<T> body) {
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private static ReentrantLock[] stripes() {
        ReentrantLock[] out = new ReentrantLock[64];
        for (int i = 0; i < out.length; i++) {
            out[i] = new ReentrantLock();
        }
        return out;
    }

    private Optional<Stored> read(VolumeId source, String id) {
        var volume = store.find(source);
        if (volume.isEmpty()) {
            return Optional.empty();
        }
        Snapshot head = volume.get().snapshot();
        Optional<String> blob = head.blobId(path(id));
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        Promotion p;
        try {
            p = JSON.readValue(head.read(new Snapshot.Entry(path(id), blob.get())), Promotion.class);
        } catch (JacksonException e) {
            throw damaged(id, source, "it is not valid JSON: " + e.getOriginalMessage());
        }
        check(p, id, source);
        return Optional.of(new Stored(p, source, blob.get()));
    }

    /** A record may have been edited by hand; nothing in it is trusted to name a path unchecked. */
    private static void check(Promotion p, String id, VolumeId source) {
        String problem = null;
        if (p == null || !id.equals(p.id())) {
            problem = "its id does not match its file name";
        } else if (!source.path().equals(p.source())) {
            problem = "its source is not the volume it is stored in";
        } else if (Promotion.SKILL.equals(p.kind()) && (!SkillParser.isValidId(p.skillId()) || p.agent() != null)) {
            problem = "skill_id is not a valid skill id, or an agent is named too";
        } else if (Promotion.AGENT.equals(p.kind()) && (!AgentParser.isValidName(p.agent()) || p.skillId() != null)) {
            problem = "agent is not a valid agent name, or a skill_id is named too";
        } else if (!Promotion.SKILL.equals(p.kind()) && !Promotion.AGENT.equals(p.kind())) {
            problem = "kind is neither skill nor agent";
        } else if (!targetFits(source, p.target())) {
            problem = "target is not a volume this source may promote to";
        } else if (p.sourceCommit() == null || !SHA.matcher(p.sourceCommit()).matches()
                || (p.mergeCommit() != null && !SHA.matcher(p.mergeCommit()).matches())
                || (p.revertCommit() != null && !SHA.matcher(p.revertCommit()).matches())) {
            problem = "a commit id is malformed";
        } else if (!STATUSES.contains(p.status()) || p.opened() == null || p.author() == null) {
            problem = "status, opened or author is missing or unknown";
        } else if (!p.base().entrySet().stream().allMatch(e -> VolumePaths.isSafe(e.getKey())
                && p.files().belongs(e.getKey()) && e.getValue() != null && SHA.matcher(e.getValue()).matches())) {
            problem = "base names a path outside the " + p.kind() + " or a malformed blob id";
        }
        if (problem != null) {
            throw damaged(id, source, problem);
        }
    }

    private static boolean targetFits(VolumeId source, String target) {
        try {
            VolumeId t = VolumeId.parse(target);
            return (source.kind() == VolumeId.Kind.USER && t.kind() == VolumeId.Kind.TEAM)
                    || (source.kind() == VolumeId.Kind.TEAM && t.kind() == VolumeId.Kind.SYSTEM);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static PromotionStateException damaged(String id, VolumeId source, String why) {
        return new PromotionStateException("the record of promotion " + id + " in " + source
                + " cannot be used (" + why + "); fix or delete " + path(id) + " there");
    }

    private static String idOf(String path) {
        if (!path.startsWith(FOLDER + "/") || !path.endsWith(".json")) {
            return null;
        }
        String id = path.substring(FOLDER.length() + 1, path.length() - ".json".length());
        return isValidId(id) ? id : null;
    }

    /** Builds the index once; later writes keep it current. */
    private void scan() {
        if (scanned) {
            return;
        }
        synchronized (index) {
            if (scanned) {
                return;
            }
            for (VolumeId volume : store.list()) {
                if (volume.kind() == VolumeId.Kind.SYSTEM) {
                    continue; // requests live in their source, and system is never a source
                }
                store.find(volume).ifPresent(v -> {
                    for (Snapshot.Entry e : v.snapshot().files(FOLDER)) {
                        String id = idOf(e.path());
                        if (id != null) {
                            index.putIfAbsent(id, volume);
                        }
                    }
                });
            }
            scanned = true;
        }
    }
}
