package dev.llmos.access;

import dev.llmos.volume.InvalidNameException;
import dev.llmos.volume.VolumeId;

/**
 * The caller of a request, as {@link Callers} resolved it: a user (or nobody), the team they act
 * for and their role in it, whether they are a system admin, and what their credential allows.
 * Ids are validated on construction, so a principal never names a path.
 *
 * @param teamRole the caller's role in {@code teamId}; null exactly when teamId is null
 * @param admin    the user is a system admin (their powers still need an {@link Scope#ADMIN} credential)
 * @param scope    what the credential allows; local mode grants {@link Scope#ADMIN}
 */
public record Principal(String userId, String teamId, TeamRole teamRole, boolean admin, Scope scope) {

    public static final Principal ANONYMOUS = new Principal(null, null, null, false, Scope.READ);

    public Principal {
        userId = blankToNull(userId);
        teamId = blankToNull(teamId);
        if (userId != null) {
            VolumeId.requireValidName(userId, "user_id");
        }
        if (teamId != null) {
            VolumeId.requireValidName(teamId, "team_id");
            teamRole = teamRole == null ? TeamRole.MEMBER : teamRole;
        } else {
            teamRole = null;
        }
        scope = scope == null ? Scope.READ : scope;
        admin = admin && userId != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public boolean isAnonymous() {
        return userId == null;
    }

    /** Admin powers: an admin user holding an admin credential. */
    public boolean actsAsAdmin() {
        return admin && scope == Scope.ADMIN;
    }

    public boolean maintains(String team) {
        return team != null && team.equals(teamId) && teamRole == TeamRole.MAINTAINER;
    }

    /** The caller's own volume; requires a user. */
    public VolumeId ownVolume() {
        if (userId == null) {
            throw new InvalidNameException("user_id", "is required for this request");
        }
        return VolumeId.user(userId);
    }

    /** The same caller acting for another of their teams (or none). */
    public Principal withTeam(String team, TeamRole role) {
        return new Principal(userId, team, role, admin, scope);
    }

    public String describe() {
        return isAnonymous() ? "an anonymous caller" : "user '" + userId + "'" + (teamId == null ? "" : " (team '" + teamId + "')");
    }
}
