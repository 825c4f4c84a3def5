package dev.llmos.volume;

import java.time.Instant;
import java.util.List;

/** A commit of a volume, as shown in history. */
public record CommitInfo(String id, String shortId, String message, String author, String authorEmail,
                         Instant time, List<String> parents) {
}
