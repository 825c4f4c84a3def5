package dev.llmos.access;

import java.time.Instant;

/** A person known to LLMos. Admins manage users, teams and tokens and write the system volume. */
public record User(String id, boolean admin, Instant created) {
}
