package dev.llmos.access;

import java.util.List;
import java.util.Optional;

import dev.llmos.volume.VolumeId;

/**
 * Turns a credential (token mode) or what a request claims (local mode) into a {@link Principal}.
 *
 * <p>Local mode trusts the request's {@code user_id} and {@code team_id}, as the seed does; roles
 * still come from the directory: a team the directory does not know, or one with no maintainer,
 * is run by its members, so the seed's examples work with no setup. Token mode takes the user from
 * the token; ids in the request may only narrow: another {@code user_id} is refused (403), and a
 * {@code team_id} must be one of the user's teams (else 404, as if it did not exist).
 */
public final class Callers {

    private final AuthMode mode;
    private final Accounts accounts;

    public Callers(AuthMode mode, Accounts accounts) {
        this.mode = mode;
        this.accounts = accounts;
    }

    public AuthMode mode() {
        return mode;
    }

    /**
     * @param credential the request's valid token, or null when it carried none (allowed in local mode only)
     */
    public Principal resolve(Credential credential, String claimedUser, String claimedTeam) {
        String user = blankToNull(claimedUser);
        String team = blankToNull(claimedTeam);
        if (credential == null && mode == AuthMode.TOKEN) {
            throw new UnauthenticatedException("a bearer token is required (Authorization: Bearer or x-api-key)");
        }
        if (credential != null) {
            if (user != null && !user.equals(credential.userId())) {
                throw new AccessDeniedException("this token belongs to '" + credential.userId() + "'; it cannot act as '"
                        + VolumeId.printable(user) + "'");
            }
            User known = accounts.user(credential.userId())
                    .orElseThrow(() -> new UnauthenticatedException("the token's user no longer exists"));
            return withTeam(known.id(), known.admin(), credential.scope(), team, false);
        }
        if (user == null) {
            // Local mode, anonymous: reads the system volume only; a team needs a user in it.
            if (team != null) {
                VolumeId.requireValidName(team, "team_id");
            }
            return Principal.ANONYMOUS;
        }
        boolean admin = accounts.user(user).map(User::admin).orElse(false);
        return withTeam(user, admin, Scope.ADMIN, team, true);
    }

    private Principal withTeam(String user, boolean admin, Scope scope, String team, boolean local) {
        VolumeId.requireValidName(user, "user_id");
        List<Team> mine = accounts.teamsOf(user);
        if (team == null) {
            if (mine.size() == 1) {
                Team only = mine.get(0);
                return new Principal(user, only.id(), role(only, user, local), admin, scope);
            }
            return new Principal(user, null, null, admin, scope);
        }
        VolumeId.requireValidName(team, "team_id");
        Optional<Team> known = accounts.team(team);
        if (known.isEmpty()) {
            if (local) {
                return new Principal(user, team, TeamRole.MAINTAINER, admin, scope);
            }
            throw new NotVisibleException("team '" + team + "'");
        }
        if (!known.get().members().containsKey(user)) {
            throw new NotVisibleException("team '" + team + "'");
        }
        return new Principal(user, team, role(known.get(), user, local), admin, scope);
    }

    private static TeamRole role(Team team, String user, boolean local) {
        TeamRole role = team.members().get(user);
        return local && team.unmaintained() ? TeamRole.MAINTAINER : role;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
