package dev.llmos.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.llmos.volume.PrivateFiles;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users, teams and token hashes in one JSON file, {@code .access/access.json} under the volumes
 * folder (outside every volume, so no history or diff ever shows a hash). Shared by the server and
 * the CLI, which may run at the same time: every change is a read-modify-write under an OS file
 * lock, written to a temporary file, fsynced and renamed into place. Readers notice a new file by
 * its identity (a rename gives a new inode) and reload it, so a token revoked from the CLI stops
 * working at the server's next request.
 */
final class AccessFile {

    record State(int version, List<User> users, List<Team> teams, List<ApiToken> tokens) {
        static final State EMPTY = new State(1, List.of(), List.of(), List.of());

        State {
            users = users == null ? List.of() : List.copyOf(users);
            teams = teams == null ? List.of() : List.copyOf(teams);
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    private record Stamp(Object key, long modified, long size) {
    }

    private record Loaded(State state, Stamp stamp) {
    }

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path dir;
    private final Path file;
    private final Path lastUsedFile;
    private volatile Loaded loaded = new Loaded(State.EMPTY, null);

    AccessFile(Path volumesRoot) {
        this.dir = volumesRoot.resolve(".access");
        this.file = dir.resolve("access.json");
        this.lastUsedFile = dir.resolve("last-used.json");
        PrivateFiles.restrictTree(dir); // an older install's 0644 token hashes
    }

    Path path() {
        return file;
    }

    /** The current state, reloaded when another process (or this one) replaced the file. */
    State current() {
        Stamp now = stamp();
        Loaded seen = loaded;
        if (Objects.equals(now, seen.stamp())) {
            return seen.state();
        }
        synchronized (this) {
            return reload().state();
        }
    }

    /** Applies a change under the cross-process lock and makes it durable before returning. */
    synchronized State update(UnaryOperator<State> change) {
        try {
            PrivateFiles.createDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), PrivateFiles.file());
                 FileLock ignored = lockChannel.lock()) {
                State before = reload().state();
                State after = change.apply(before);
                if (after == before) {
                    return before;
                }
                writeDurably(file, JSON.writeValueAsBytes(after));
                return reload().state();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Writes {@code bytes} to {@code .access/{name}}, readable by this OS user only, durably. */
    Path writePrivate(String name, byte[] bytes) {
        Path target = dir.resolve(name);
        try {
            PrivateFiles.createDirectories(dir);
            writeDurably(target, bytes);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    Map<String, java.time.Instant> readLastUsed() {
        try {
            return JSON.readValue(Files.readAllBytes(lastUsedFile), new TypeReference<Map<String, java.time.Instant>>() {
            });
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // derived, best-effort data: a damaged file only loses last-used times
        }
    }

    void writeLastUsed(Map<String, java.time.Instant> times) {
        try {
            PrivateFiles.createDirectories(dir);
            writeDurably(lastUsedFile, JSON.writeValueAsBytes(times));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + lastUsedFile, e);
        }
    }

    private Loaded reload() {
        Stamp before = stamp();
        if (before == null) {
            loaded = new Loaded(State.EMPTY, null);
            return loaded;
        }
        if (Objects.equals(before, loaded.stamp())) {
            return loaded;
        }
        try {
            State state = JSON.readValue(Files.readAllBytes(file), State.class);
            loaded = new Loaded(state, before);
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup, or move it away to start with no users", e);
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeDurably(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a crash's leftover, maybe made before files were private
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.file())) {
            out.write(java.nio.ByteBuffer.wrap(bytes));
            out.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a directory for sync; the rename is still atomic
        }
    }
}
