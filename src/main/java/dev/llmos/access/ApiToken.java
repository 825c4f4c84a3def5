package dev.llmos.access;

import java.time.Instant;

/**
 * A bearer token as stored: never the secret itself, only its SHA-256.
 *
 * @param expires null for no expiry
 * @param revoked when it was revoked, or null
 */
public record ApiToken(String id, String userId, Scope scope, String name, String hash, Instant created,
                       Instant expires, Instant revoked) {

    public boolean live(Instant now) {
        return revoked == null && (expires == null || now.isBefore(expires));
    }
}
