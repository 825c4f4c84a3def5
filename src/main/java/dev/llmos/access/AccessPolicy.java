package dev.llmos.access;

import dev.llmos.volume.VolumeId;

/**
 * The one permission check, used by every entry point and service.
 *
 * <ul>
 *   <li>user volume: its owner reads and writes it;</li>
 *   <li>team volume: members read it; maintainers also write it and merge promotions into it;</li>
 *   <li>system volume: everyone reads it; admins (with an admin credential) write it.</li>
 * </ul>
 * Writing also needs a credential of scope {@link Scope#WRITE} or more. What a caller may not
 * read is reported as not found ({@link NotVisibleException}, 404), so nobody learns what exists
 * elsewhere; what they may read but not change is forbidden ({@link AccessDeniedException}, 403).
 */
public final class AccessPolicy {

    public boolean canRead(Principal who, VolumeId volume) {
        return switch (volume.kind()) {
            case SYSTEM -> true;
            case TEAM -> volume.name().equals(who.teamId());
            case USER -> volume.name().equals(who.userId());
        };
    }

    public boolean canWrite(Principal who, VolumeId volume) {
        if (who.isAnonymous() || !who.scope().includes(Scope.WRITE)) {
            return false;
        }
        return switch (volume.kind()) {
            case SYSTEM -> who.actsAsAdmin();
            case TEAM -> who.maintains(volume.name());
            case USER -> volume.name().equals(who.userId());
        };
    }

    /** Merging a promotion into a volume is writing it. */
    public boolean canReview(Principal who, VolumeId target) {
        return canWrite(who, target);
    }

    public void requireRead(Principal who, VolumeId volume) {
        if (!canRead(who, volume)) {
            throw new NotVisibleException("volume " + volume.path());
        }
    }

    public void requireWrite(Principal who, VolumeId volume) {
        requireRead(who, volume);
        requireScope(who, Scope.WRITE);
        if (!canWrite(who, volume)) {
            throw new AccessDeniedException(switch (volume.kind()) {
                case SYSTEM -> "the system volume is read-only for users; propose changes by promotion";
                case TEAM -> who.describe() + " is a member of team '" + volume.name()
                        + "', not a maintainer: propose changes by promotion";
                case USER -> who.describe() + " may not change volume " + volume.path();
            });
        }
    }

    public void requireScope(Principal who, Scope needed) {
        if (who.isAnonymous()) {
            throw new InvalidAccessRequestException("user_id", "is required for this request");
        }
        if (!who.scope().includes(needed)) {
            throw new AccessDeniedException("this credential has scope '" + who.scope().wireName() + "'; this needs '"
                    + needed.wireName() + "'");
        }
    }

    /** Managing users, teams and other people's tokens. */
    public void requireAdmin(Principal who) {
        requireScope(who, Scope.ADMIN);
        if (!who.actsAsAdmin()) {
            throw new AccessDeniedException(who.describe() + " is not an admin");
        }
    }

    /** Adding or removing members: admins, or the team's own maintainers. */
    public void requireTeamManager(Principal who, String team) {
        requireScope(who, Scope.WRITE);
        if (!who.actsAsAdmin() && !who.maintains(team)) {
            if (!team.equals(who.teamId())) {
                throw new NotVisibleException("team '" + team + "'");
            }
            throw new AccessDeniedException(who.describe() + " is not a maintainer of team '" + team + "'");
        }
    }

    /** Operational data about a user (usage, evolution runs): the user, or an admin. */
    public void requireOperationsOn(Principal who, String userId) {
        if (who.isAnonymous()) {
            throw new InvalidAccessRequestException("user_id", "is required for this request");
        }
        if (!userId.equals(who.userId()) && !who.actsAsAdmin()) {
            throw new NotVisibleException("user '" + userId + "'");
        }
    }

    /**
     * A user's traces and the volume they feed (evolution reads the one and writes the other): that user
     * only. Admins are told so (403); anyone else learns nothing (404).
     */
    public void requireOwnTraces(Principal who, String userId) {
        requireOperationsOn(who, userId);
        if (!userId.equals(who.userId())) {
            throw new AccessDeniedException("admins neither read other users' traces nor write their volumes: '" + userId
                    + "' runs evolution on their own traces (POST /evolve, or the nightly run, LLMOS_EVOLVE_CRON)");
        }
    }
}
