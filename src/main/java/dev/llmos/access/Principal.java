package dev.llmos.access;

import dev.llmos.volume.VolumeId;

/**
 * The caller of a request: a user (or nobody, for anonymous reads of the system volume) and the
 * team they act for. Ids are validated on construction, so a principal never names a path.
 */
public record Principal(String userId, String teamId) {

    public static final Principal ANONYMOUS = new Principal(null, null);

    public Principal {
        userId = blankToNull(userId);
        teamId = blankToNull(teamId);
        if (userId != null) {
            VolumeId.requireValidName(userId, "user_id");
        }
        if (teamId != null) {
            VolumeId.requireValidName(teamId, "team_id");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public boolean isAnonymous() {
        return userId == null;
    }

    /** The caller's own volume; requires a user. */
    public VolumeId ownVolume() {
        if (userId == null) {
            throw new dev.llmos.volume.InvalidNameException("user_id", "is required for this request");
        }
        return VolumeId.user(userId);
    }
}
