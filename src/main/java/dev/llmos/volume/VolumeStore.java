package dev.llmos.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * All volumes under one root folder: {@code system/}, {@code teams/{team}/}, {@code users/{user}/}.
 * Opens each repository once, creates volumes on first use, and on opening repairs what a crash
 * can leave behind (stale lock files, temp files, an index behind the branch).
 */
public final class VolumeStore implements AutoCloseable {

    private static final String GITIGNORE = "# Editor and OS litter never belongs in a volume\n*.swp\n*~\n.DS_Store\n";
    private static final Duration STALE_LOCK = Duration.ofSeconds(30);
    /** git's own fsync setting (2.36+): objects, as core.fsyncObjectFiles did, and refs, as LLMos's writes. */
    static final String GIT_FSYNC = "committed,reference";
    /** Where new volumes are built before they are moved into place (see {@link #create}). */
    private static final String CREATING = ".creating";

    private final Path root;
    private final ConcurrentMap<VolumeId, Volume> open = new ConcurrentHashMap<>();
    private final List<CommitListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final String OWNER_LOCK = ".owner.lock";

    /** Held while this store is the only LLMos process using the folder; null when another one holds it. */
    private final FileLock owner;
    /** True when another live process holds the folder's lock (not when the file system has no locks). */
    private final boolean heldElsewhere;

    public VolumeStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            PrivateFiles.createDirectories(this.root);
            PrivateFiles.restrict(this.root); // an older install's 0755
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create volumes folder " + this.root, e);
        }
        Path lockFile = this.root.resolve(OWNER_LOCK);
        Ownership ownership = tryOwn(lockFile);
        this.owner = ownership.lock();
        this.heldElsewhere = ownership.heldElsewhere();
        if (owner != null) {
            deleteTree(this.root.resolve(CREATING)); // half-built volumes of a killed process
        }
    }

    /**
     * An OS lock that dies with its process: holding it proves no other LLMos process (a server, or
     * a CLI command writing volumes) is alive on this folder, so git lock and temp files left here
     * are a killed writer's and can go at once, without waiting for them to age.
     */
    private static Ownership tryOwn(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.file());
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return new Ownership(null, true); // another live process holds it
            }
            return new Ownership(lock, false);
        } catch (IOException | OverlappingFileLockException e) {
            // Another store in this JVM, or a file system without locks: be careful instead. (The channel is
            // left open: closing it could drop the lock the other store of this process holds.)
            return new Ownership(null, false);
        }
    }

    /** The folder's lock if this store got it; {@code heldElsewhere} when another process has it. */
    private record Ownership(FileLock lock, boolean heldElsewhere) {
    }

    public Path root() {
        return root;
    }

    /**
     * Says who holds the folder, for other processes that find it held ({@link #otherOwner()}): for
     * example the server's address. Written into {@code .owner.lock}; does nothing unless this store
     * holds the lock.
     */
    public void describeOwner(Map<String, String> facts) {
        if (owner == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        facts.forEach((k, v) -> text.append(k).append('=').append(v.replaceAll("[\\r\\n]", " ")).append('\n'));
        try {
            FileChannel channel = owner.channel();
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            // only a courtesy for the next process: the lock itself is what protects the folder
        }
    }

    /**
     * When another live LLMos process (a server, or a CLI command writing volumes) holds this folder:
     * what it said about itself with {@link #describeOwner} (possibly nothing). Empty when this store
     * is the folder's only LLMos process.
     */
    public Optional<Map<String, String>> otherOwner() {
        if (!heldElsewhere) {
            return Optional.empty();
        }
        Map<String, String> facts = new java.util.LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(root.resolve(OWNER_LOCK), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    facts.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // the holder said nothing readable: it still holds the folder
        }
        return Optional.of(facts);
    }

    /** Tells {@code listener} about every local commit in any volume, from now on. */
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    private void committed(VolumeId id) {
        for (CommitListener listener : listeners) {
            try {
                listener.committed(id);
            } catch (RuntimeException e) {
                // a listener's failure is its own; the commit is durable and acknowledged
            }
        }
    }

    /** The volume, created (with {@code skills/} and {@code traces/}) if it does not exist yet. */
    public Volume open(VolumeId id) {
        return open.computeIfAbsent(id, this::load);
    }

    /** The volume if it exists; never creates one. */
    public Optional<Volume> find(VolumeId id) {
        Volume v = open.get(id);
        if (v != null) {
            return Optional.of(v);
        }
        return exists(id) ? Optional.of(open(id)) : Optional.empty();
    }

    public Volume require(VolumeId id) {
        return find(id).orElseThrow(() -> new VolumeNotFoundException(id));
    }

    public boolean exists(VolumeId id) {
        return open.containsKey(id) || Files.isDirectory(dir(id).resolve(".git"));
    }

    /** Every volume on disk, system first, then teams, then users, each sorted by name. */
    public List<VolumeId> list() {
        List<VolumeId> out = new ArrayList<>();
        if (exists(VolumeId.SYSTEM)) {
            out.add(VolumeId.SYSTEM);
        }
        out.addAll(listKind("teams", VolumeId.Kind.TEAM));
        out.addAll(listKind("users", VolumeId.Kind.USER));
        return out;
    }

    private List<VolumeId> listKind(String folder, VolumeId.Kind kind) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p.resolve(".git")))
                    .map(p -> p.getFileName().toString())
                    .filter(name -> {
                        try {
                            VolumeId.requireValidName(name, "name");
                            return true;
                        } catch (InvalidNameException e) {
                            return false; // a folder someone made by hand; not a volume
                        }
                    })
                    .sorted()
                    .map(name -> new VolumeId(kind, name))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dir(VolumeId id) {
        return root.resolve(id.path());
    }

    private Volume load(VolumeId id) {
        Path dir = dir(id);
        try {
            boolean fresh = !Files.isDirectory(dir.resolve(".git"));
            if (!fresh && PrivateFiles.restrict(dir)) {
                // Made by a version before volumes were private: everything in it was world-readable.
                PrivateFiles.restrictTree(dir);
            }
            if (fresh) {
                try {
                    create(id, dir);
                } catch (IOException e) {
                    throw new VolumeWriteException("could not create volume " + id + ": " + e.getMessage(), e);
                }
            }
            Repository repository = DurableRepository.open(dir.resolve(".git"), dir);
            configure(repository);
            recoverFromCrash(repository, owner != null);
            Volume volume = new Volume(id, repository, () -> committed(id));
            if (!fresh) {
                volume.commitExternalEdits();
            }
            return volume;
        } catch (IOException e) {
            throw new VolumeUnreadableException(id, e);
        }
    }

    /**
     * Builds the repository aside and moves its {@code .git} into place with one rename, so a crash or
     * a full disk midway leaves no half-made repository at the volume's path (which would be taken
     * for an existing, broken volume), only a leftover under {@code .creating/}.
     */
    private void create(VolumeId id, Path dir) throws IOException {
        Path staging = root.resolve(CREATING).resolve(id.path().replace('/', '-') + "-" + UUID.randomUUID());
        try {
            PrivateFiles.createDirectories(staging);
            try (Repository repository = DurableRepository.create(staging, "main"); Git git = Git.wrap(repository)) {
                configure(repository);
                Files.writeString(staging.resolve(".gitignore"), GITIGNORE, StandardCharsets.UTF_8);
                git.add().addFilepattern(".gitignore").call();
                PersonIdent llmos = new PersonIdent(Author.LLMOS.name(), Author.LLMOS.email());
                git.commit().setAuthor(llmos).setCommitter(llmos).setSign(false)
                        .setMessage("Create volume " + id.path()).call();
            } catch (GitAPIException | JGitInternalException e) {
                throw new IOException(e.getMessage(), e);
            }
            PrivateFiles.createDirectories(dir.resolve("skills"));
            PrivateFiles.createDirectories(dir.resolve("traces"));
            Files.writeString(dir.resolve(".gitignore"), GITIGNORE, StandardCharsets.UTF_8);
            Files.move(staging.resolve(".git"), dir.resolve(".git"), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover under .creating/ holds nothing anyone relies on.
        }
    }

    /**
     * Durability first: objects and refs are fsynced before a write is acknowledged. Objects by
     * {@link DurableRepository}; refs by JGit under {@code core.fsyncRefFiles}, a key git does not
     * know and ignores. {@code core.fsync} asks the same of git when someone commits by hand. Volumes
     * made before this used JGit's {@code core.fsyncObjectFiles}, which git 2.36 and later warn about
     * on every command: it is removed on open.
     */
    private static void configure(Repository repository) throws IOException {
        StoredConfig config = repository.getConfig();
        String core = ConfigConstants.CONFIG_CORE_SECTION;
        boolean changed = false;
        if (config.getString(core, null, "fsyncObjectFiles") != null) {
            config.unset(core, null, "fsyncObjectFiles");
            changed = true;
        }
        if (!config.getBoolean(core, "fsyncRefFiles", false)) {
            config.setBoolean(core, null, "fsyncRefFiles", true);
            changed = true;
        }
        if (!GIT_FSYNC.equals(config.getString(core, null, "fsync"))) {
            config.setString(core, null, "fsync", GIT_FSYNC);
            changed = true;
        }
        if (config.getInt(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTO, -1) != 0) {
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
            changed = true;
        }
        if (changed) {
            config.save();
        }
    }

    /**
     * A killed writer can leave lock and temp files; none of them holds acknowledged data. When this
     * store is the folder's only LLMos process they go at once; otherwise only once they are old
     * enough that no live writer can own them.
     */
    private static void recoverFromCrash(Repository repository, boolean soleOwner) throws IOException {
        Path gitDir = repository.getDirectory().toPath();
        Instant staleBefore = soleOwner ? Instant.MAX : Instant.now().minus(STALE_LOCK);
        Path temp = gitDir.resolve("llmos-tmp");
        if (Files.isDirectory(temp)) {
            try (var files = Files.list(temp)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(staleBefore)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
        // refs/remotes/origin/main.lock: a sync's fetch or push killed midway (dev.llmos.sync).
        for (Path lock : List.of(gitDir.resolve("index.lock"), gitDir.resolve("refs/heads/main.lock"),
                gitDir.resolve("refs/remotes/origin/main.lock"))) {
            if (Files.exists(lock) && Files.getLastModifiedTime(lock).toInstant().isBefore(staleBefore)) {
                Files.deleteIfExists(lock);
            }
        }
    }

    /** Looks for hand edits in every volume on disk and commits them; returns how many commits that made. */
    public int commitExternalEdits() {
        int commits = 0;
        for (VolumeId id : list()) {
            if (open(id).commitExternalEdits().isPresent()) {
                commits++;
            }
        }
        return commits;
    }

    /** {@link Volume#packObjects()} for every volume; returns loose objects removed in all. */
    public long packObjects() {
        long removed = 0;
        for (VolumeId id : list()) {
            long[] counts = open(id).packObjects();
            removed += Math.max(0, counts[0] - counts[1]);
        }
        return removed;
    }

    @Override
    public void close() {
        open.values().stream().sorted(Comparator.comparing(v -> v.id().path())).forEach(Volume::close);
        open.clear();
        if (owner != null) {
            try {
                owner.channel().close(); // releases the lock
            } catch (IOException ignored) {
                // the process is ending or the folder is gone; the OS drops the lock either way
            }
        }
    }
}
