package dev.llmos.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code git fsck --full --strict} on a volume repository, as git itself sees it. */
final class Fsck {

    private Fsck() {
    }

    /** What git reports as wrong; empty when the repository is sound. */
    static String problems(Path repository) {
        try {
            Process fsck = new ProcessBuilder("git", "fsck", "--full", "--strict", "--no-progress")
                    .directory(repository.toFile()).redirectErrorStream(true).start();
            String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return fsck.waitFor() == 0 ? "" : "exit " + fsck.exitValue() + ": " + out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
