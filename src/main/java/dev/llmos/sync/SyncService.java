package dev.llmos.sync;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmos.volume.Author;
import dev.llmos.volume.Expect;
import dev.llmos.volume.FileChange;
import dev.llmos.volume.Snapshot;
import dev.llmos.volume.Volume;
import dev.llmos.volume.VolumeConflictException;
import dev.llmos.volume.VolumeId;
import dev.llmos.volume.VolumeStore;

/**
 * Keeps every volume in step with its repository on the git server. Local commits schedule a push
 * (batched: one push per {@code pushDelay}, however many commits), every volume is pulled each
 * {@code pullInterval}, and a failed attempt is retried with doubling backoff up to
 * {@code maxBackoff}; meanwhile the node keeps working locally. Without a remote it does nothing
 * and starts no threads.
 */
public final class SyncService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SyncService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final VolumeStore store;
    private final SyncSettings settings;
    private final Clock clock;
    private final ConcurrentMap<VolumeId, VolumeSync> links = new ConcurrentHashMap<>();
    private final ConcurrentMap<VolumeId, AtomicBoolean> scheduled = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public SyncService(VolumeStore store, SyncSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Starts pushing after local commits and pulling on the schedule, beginning with every volume on disk. */
    public synchronized void start() {
        if (!enabled() || executor != null) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "volume-sync-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        executor = pool;
        store.addCommitListener(id -> schedule(id, settings.pushDelay()));
        long interval = settings.pullInterval().toMillis();
        executor.scheduleWithFixedDelay(this::pullAll, 0, interval, TimeUnit.MILLISECONDS);
        log.info("Volume sync on: {} (pull every {}, push after {})", RemoteNames.mask(settings.remotePattern()),
                settings.pullInterval(), settings.pushDelay());
    }

    /** Syncs one volume now, on the caller's thread, creating it locally first if this node does not have it yet. */
    public SyncState syncNow(VolumeId id) {
        if (!enabled()) {
            throw new SyncOffException();
        }
        Volume volume = store.open(id);
        try {
            report(id, link(id).sync(volume));
        } catch (SyncFailedException e) {
            log.warn("Sync of {} failed: {}", id, e.getMessage());
        }
        return state(id);
    }

    /** The volume's sync state; {@code off} when no remote is configured. */
    public SyncState state(VolumeId id) {
        Optional<Volume> volume = store.find(id);
        int conflicts = volume.map(v -> conflictFiles(v.snapshot()).size()).orElse(0);
        if (!enabled() || volume.isEmpty()) {
            return SyncState.off(conflicts);
        }
        return link(id).state(volume.get(), conflicts);
    }

    /** The files two nodes changed differently, both versions readable; empty when there are none (or sync is off). */
    public List<SyncConflict> conflicts(Volume volume) {
        Snapshot snapshot = volume.snapshot();
        List<SyncConflict> out = new ArrayList<>();
        for (Snapshot.Entry saved : conflictFiles(snapshot)) {
            String rest = saved.path().substring(TreeMerge.CONFLICTS.length());
            int at = rest.lastIndexOf('@');
            if (at <= 0) {
                continue; // a file someone put there by hand
            }
            String path = rest.substring(0, at);
            String localBlob = snapshot.blobId(path).orElse(null);
            String localContent = snapshot.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
            out.add(new SyncConflict(path, saved.path(), rest.substring(at + 1), localBlob, saved.blobId(), localContent,
                    new String(snapshot.read(saved), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /**
     * Resolves one conflict in a single commit: {@code keep = local} drops the saved remote version;
     * {@code keep = remote} puts it at the file's path and drops it. Guarded: if the file at the path
     * is no longer {@code seenLocalBlob} (when given: the {@code local_blob} the caller was shown),
     * or changes while this runs, nothing is written.
     *
     * @return the conflicts left
     */
    public List<SyncConflict> resolve(Volume volume, String savedAs, String keep, String seenLocalBlob, Author author) {
        if (savedAs == null || savedAs.isBlank()) {
            throw new InvalidSyncRequestException("saved_as", "must name a conflict's saved_as path");
        }
        if (!"local".equals(keep) && !"remote".equals(keep)) {
            throw new InvalidSyncRequestException("keep", "must be 'local' or 'remote'");
        }
        SyncConflict conflict = conflicts(volume).stream().filter(c -> c.savedAs().equals(savedAs)).findFirst()
                .orElseThrow(() -> new ConflictNotFoundException("no conflict saved as '" + VolumeId.printable(savedAs)
                        + "' in " + volume.id()));
        List<FileChange> changes = new ArrayList<>();
        if (keep.equals("remote")) {
            byte[] remote = volume.snapshot().read(conflict.savedAs())
                    .orElseThrow(() -> new ConflictNotFoundException("the conflict was resolved meanwhile"));
            changes.add(new FileChange.Put(conflict.path(), remote));
        }
        changes.add(new FileChange.Delete(conflict.savedAs()));
        try {
            volume.commit(author, "Resolve sync conflict in " + conflict.path() + ": keep the " + keep + " version", changes,
                    List.of(new Expect(conflict.path(), seenLocalBlob != null ? seenLocalBlob : conflict.localBlob()),
                            new Expect(conflict.savedAs(), conflict.remoteBlob())));
        } catch (VolumeConflictException e) {
            throw new ConflictChangedException("the conflict changed meanwhile; nothing was written: " + e.getMessage(), e);
        }
        return conflicts(volume);
    }

    private static List<Snapshot.Entry> conflictFiles(Snapshot snapshot) {
        return snapshot.files(TreeMerge.CONFLICTS.substring(0, TreeMerge.CONFLICTS.length() - 1));
    }

    /**
     * A git server's push event. Accepted when the body carries the shared secret's signature
     * ({@code X-Hub-Signature-256} from GitHub and Gitea, {@code X-Gitea-Signature}) or the secret
     * itself ({@code X-Gitlab-Token}); pulls the volume the event names, or every volume.
     *
     * @return the volumes queued for a pull
     */
    public List<VolumeId> webhook(byte[] body, String hubSignature256, String giteaSignature, String gitlabToken) {
        if (!enabled() || settings.webhookSecret().isEmpty()) {
            throw new WebhookRefusedException(false, "the sync webhook is off: set LLMOS_GIT_REMOTE and LLMOS_SYNC_WEBHOOK_SECRET");
        }
        if (!authentic(body, hubSignature256, giteaSignature, gitlabToken)) {
            throw new WebhookRefusedException(true, "the webhook's signature does not match LLMOS_SYNC_WEBHOOK_SECRET");
        }
        Optional<VolumeId> named = RemoteNames.volume(repositoryName(body));
        List<VolumeId> queued = named.map(List::of).orElseGet(store::list);
        for (VolumeId id : queued) {
            schedule(id, Duration.ZERO);
        }
        return queued;
    }

    /** {@code repository.name} of a GitHub, Gitea or GitLab push event, or null. */
    private static String repositoryName(byte[] body) {
        try {
            JsonNode name = JSON.readTree(body).path("repository").path("name");
            return name.isString() ? name.asString() : null;
        } catch (JacksonException e) {
            return null; // not JSON: pull every volume
        }
    }

    private boolean authentic(byte[] body, String hub, String gitea, String gitlab) {
        byte[] secret = settings.webhookSecret().getBytes(StandardCharsets.UTF_8);
        if (gitlab != null && !gitlab.isEmpty()) {
            return MessageDigest.isEqual(secret, gitlab.getBytes(StandardCharsets.UTF_8));
        }
        String signature = hub != null && !hub.isEmpty() ? hub : gitea;
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        signature = signature.strip().toLowerCase(Locale.ROOT);
        if (signature.startsWith("sha256=")) {
            signature = signature.substring("sha256=".length());
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private VolumeSync link(VolumeId id) {
        return links.computeIfAbsent(id, v -> new VolumeSync(v, settings, clock));
    }

    private void pullAll() {
        for (VolumeId id : store.list()) {
            schedule(id, Duration.ZERO); // a no-op for a volume whose retry (backoff) is already queued
        }
    }

    /** Queues one sync of the volume after {@code delay}, unless one is queued already (that one takes this change too). */
    private void schedule(VolumeId id, Duration delay) {
        ScheduledExecutorService pool = executor;
        if (pool == null || pool.isShutdown()) {
            return;
        }
        AtomicBoolean flag = scheduled.computeIfAbsent(id, v -> new AtomicBoolean());
        if (!flag.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.schedule(() -> {
                flag.set(false);
                runOnce(id);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            flag.set(false); // shutting down
        }
    }

    private void runOnce(VolumeId id) {
        VolumeSync link = link(id);
        try {
            report(id, link.sync(store.open(id)));
        } catch (SyncFailedException e) {
            Duration backoff = backoff(link.failures());
            log.warn("Sync of {} failed (attempt {}, next in {}): {}", id, link.failures(), backoff, e.getMessage());
            schedule(id, backoff);
        } catch (RuntimeException e) {
            log.warn("Sync of {} failed: {}", id, RemoteNames.mask(String.valueOf(e.getMessage())));
        }
    }

    private Duration backoff(int failures) {
        long base = Math.max(1000, settings.pushDelay().toMillis());
        long millis = base << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    private static void report(VolumeId id, List<String> conflicts) {
        if (!conflicts.isEmpty()) {
            log.warn("Sync of {}: {} file(s) changed differently on both sides, kept both (GET /volumes/{}/conflicts): {}",
                    id, conflicts.size(), id, conflicts);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        links.values().forEach(VolumeSync::close);
    }
}
