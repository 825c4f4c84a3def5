package dev.llmos.cli;

import java.util.Map;
import java.util.Optional;

import dev.llmos.volume.VolumeStore;

/**
 * Commands that write volumes refuse while another LLMos process holds the folder (usually the
 * server, which must stay the single writer of its repositories), naming it and saying what to do.
 */
final class FolderInUse {

    private FolderInUse() {
    }

    /**
     * Why {@code command} must not run on {@code store}'s folder now, or empty when it may.
     *
     * @param instead what to do through the running server; {@code {url}} becomes its address when it said it
     */
    static Optional<String> refusal(VolumeStore store, String command, String instead) {
        Optional<Map<String, String>> other = store.otherOwner();
        if (other.isEmpty()) {
            return Optional.empty();
        }
        String url = other.get().get("server");
        String pid = other.get().get("pid");
        String who = url != null ? "the LLMos server at " + url + (pid != null ? " (pid " + pid + ")" : "")
                : "another LLMos process" + (pid != null ? " (pid " + pid + ")" : "");
        return Optional.of("llmos " + command + ": " + who + " is using " + store.root() + ", and it must stay the only "
                + "writer of these volumes.\n" + instead.replace("{url}", url != null ? url : "http://127.0.0.1:8000/")
                + "\nOr stop the server and run this command again.");
    }
}
