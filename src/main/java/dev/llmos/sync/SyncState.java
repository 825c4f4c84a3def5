package dev.llmos.sync;

import java.time.Instant;

/**
 * One volume's sync state as {@code GET /volumes} shows it.
 *
 * @param state      {@code off} (no remote configured), {@code pending} (not synced yet), {@code ok} or {@code error}
 * @param remote     the volume's repository URL, credentials masked
 * @param ahead      local commits the server does not have yet (as of the last fetch)
 * @param behind     server commits not merged here yet (as of the last fetch)
 * @param lastError  why the last attempt failed, or null after a success
 * @param conflicts  files saved under {@code conflicts/} waiting for a person ({@code GET /volumes/{volume}/conflicts})
 */
public record SyncState(String state, String remote, Integer ahead, Integer behind, Instant lastPush,
                        Instant lastPull, Instant lastAttempt, String lastError, int conflicts) {

    static SyncState off(int conflicts) {
        return new SyncState("off", null, null, null, null, null, null, null, conflicts);
    }
}
