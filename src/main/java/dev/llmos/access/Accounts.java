package dev.llmos.access;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmos.volume.VolumeId;

/**
 * Users, teams, memberships and API tokens. Tokens are 256 random bits, shown once when created
 * and stored only as SHA-256 hashes (a slow password hash buys nothing for secrets this long).
 * The last time each token was used is kept in memory and written out by {@link #flushLastUsed()}
 * so that authenticating a request never writes to disk.
 */
public final class Accounts {

    static final String TOKEN_PREFIX = "llmos_";
    public static final String BOOTSTRAP_ADMIN = "admin";
    private static final int MAX_TOKEN_NAME = 100;

    private final AccessFile file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private volatile Index index = new Index(null, Map.of());

    /** Token lookup by hash, rebuilt whenever the file's state changes. */
    private record Index(AccessFile.State state, Map<String, ApiToken> byHash) {
    }

    public Accounts(Path volumesRoot, Clock clock) {
        this.file = new AccessFile(volumesRoot);
        this.clock = clock;
    }

    public Path file() {
        return file.path();
    }

    // --- users -------------------------------------------------------------------------------

    public List<User> users() {
        return file.current().users().stream().sorted(Comparator.comparing(User::id)).toList();
    }

    public Optional<User> user(String id) {
        return file.current().users().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    public User addUser(String id, boolean admin) {
        VolumeId.requireValidName(id, "user_id");
        User user = new User(id, admin, clock.instant());
        file.update(s -> {
            if (s.users().stream().anyMatch(u -> u.id().equals(id))) {
                throw new AccessConflictException("user '" + id + "' already exists");
            }
            List<User> users = new ArrayList<>(s.users());
            users.add(user);
            return new AccessFile.State(s.version(), users, s.teams(), s.tokens());
        });
        return user;
    }

    // --- teams -------------------------------------------------------------------------------

    public List<Team> teams() {
        return file.current().teams().stream().sorted(Comparator.comparing(Team::id)).toList();
    }

    public Optional<Team> team(String id) {
        return file.current().teams().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public List<Team> teamsOf(String userId) {
        return teams().stream().filter(t -> t.members().containsKey(userId)).toList();
    }

    public Team addTeam(String id) {
        VolumeId.requireValidName(id, "team_id");
        Team team = new Team(id, Map.of(), clock.instant());
        file.update(s -> {
            if (s.teams().stream().anyMatch(t -> t.id().equals(id))) {
                throw new AccessConflictException("team '" + id + "' already exists");
            }
            List<Team> teams = new ArrayList<>(s.teams());
            teams.add(team);
            return new AccessFile.State(s.version(), s.users(), teams, s.tokens());
        });
        return team;
    }

    /** Adds a member, or changes their role. The team and the user must exist. */
    public Team setMember(String teamId, String userId, TeamRole role) {
        VolumeId.requireValidName(teamId, "team_id");
        VolumeId.requireValidName(userId, "user_id");
        return changeTeam(teamId, userId, members -> members.put(userId, role == null ? TeamRole.MEMBER : role));
    }

    public Team removeMember(String teamId, String userId) {
        VolumeId.requireValidName(teamId, "team_id");
        VolumeId.requireValidName(userId, "user_id");
        return changeTeam(teamId, userId, members -> {
            if (members.remove(userId) == null) {
                throw new AccessConflictException("user '" + userId + "' is not a member of team '" + teamId + "'");
            }
        });
    }

    private Team changeTeam(String teamId, String userId, java.util.function.Consumer<Map<String, TeamRole>> change) {
        Team[] out = new Team[1];
        file.update(s -> {
            if (s.users().stream().noneMatch(u -> u.id().equals(userId))) {
                throw new InvalidAccessRequestException("user_id", "'" + userId + "' is not a known user; add it first");
            }
            List<Team> teams = new ArrayList<>();
            for (Team t : s.teams()) {
                if (t.id().equals(teamId)) {
                    Map<String, TeamRole> members = new LinkedHashMap<>(t.members());
                    change.accept(members);
                    out[0] = new Team(t.id(), members, t.created());
                    teams.add(out[0]);
                } else {
                    teams.add(t);
                }
            }
            if (out[0] == null) {
                throw new InvalidAccessRequestException("team_id", "'" + teamId + "' is not a known team; add it first");
            }
            return new AccessFile.State(s.version(), s.users(), teams, s.tokens());
        });
        return out[0];
    }

    // --- tokens ------------------------------------------------------------------------------

    /** Creates a token for an existing user; an admin scope needs an admin user. */
    public IssuedToken createToken(String userId, Scope scope, String name) {
        VolumeId.requireValidName(userId, "user_id");
        if (scope == null) {
            throw new InvalidAccessRequestException("scope", "is required: read, write or admin");
        }
        String label = name == null || name.isBlank() ? "" : name.strip();
        if (label.length() > MAX_TOKEN_NAME || label.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidAccessRequestException("name", "must be at most " + MAX_TOKEN_NAME + " printable characters");
        }
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        ApiToken token = new ApiToken("tok_" + HexFormat.of().formatHex(idBytes), userId, scope, label, hash(secret),
                clock.instant(), null, null);
        file.update(s -> {
            User user = s.users().stream().filter(u -> u.id().equals(userId)).findFirst()
                    .orElseThrow(() -> new InvalidAccessRequestException("user_id", "'" + userId + "' is not a known user; add it first"));
            if (scope == Scope.ADMIN && !user.admin()) {
                throw new InvalidAccessRequestException("scope", "admin needs an admin user; '" + userId + "' is not one");
            }
            List<ApiToken> tokens = new ArrayList<>(s.tokens());
            tokens.add(token);
            return new AccessFile.State(s.version(), s.users(), s.teams(), tokens);
        });
        return new IssuedToken(token, secret);
    }

    /** Tokens of one user, or of everyone when userId is null; newest first. */
    public List<ApiToken> tokens(String userId) {
        return file.current().tokens().stream()
                .filter(t -> userId == null || t.userId().equals(userId))
                .sorted(Comparator.comparing(ApiToken::created).reversed())
                .toList();
    }

    public Optional<ApiToken> token(String tokenId) {
        return file.current().tokens().stream().filter(t -> t.id().equals(tokenId)).findFirst();
    }

    /** Revokes a token; revoking it again changes nothing. */
    public ApiToken revoke(String tokenId) {
        ApiToken[] out = new ApiToken[1];
        file.update(s -> {
            List<ApiToken> tokens = new ArrayList<>();
            for (ApiToken t : s.tokens()) {
                if (t.id().equals(tokenId)) {
                    out[0] = t.revoked() != null ? t : new ApiToken(t.id(), t.userId(), t.scope(), t.name(), t.hash(),
                            t.created(), t.expires(), clock.instant());
                    tokens.add(out[0]);
                } else {
                    tokens.add(t);
                }
            }
            if (out[0] == null) {
                throw new NotVisibleException("token '" + tokenId + "'");
            }
            return new AccessFile.State(s.version(), s.users(), s.teams(), tokens);
        });
        return out[0];
    }

    /** Shaped like a token this class issues (it may still be unknown or revoked). */
    public static boolean looksLikeToken(String secret) {
        return secret != null && secret.startsWith(TOKEN_PREFIX);
    }

    /** The credential a secret stands for, when it is a live token of a known user. */
    public Optional<Credential> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        AccessFile.State state = file.current();
        Index seen = index;
        if (seen.state() != state) {
            Map<String, ApiToken> byHash = new HashMap<>();
            state.tokens().forEach(t -> byHash.put(t.hash(), t));
            seen = new Index(state, byHash);
            index = seen;
        }
        ApiToken token = seen.byHash().get(hash(secret));
        Instant now = clock.instant();
        if (token == null || !token.live(now) || state.users().stream().noneMatch(u -> u.id().equals(token.userId()))) {
            return Optional.empty();
        }
        lastUsed.put(token.id(), now);
        return Optional.of(new Credential(token.userId(), token.scope(), token.id()));
    }

    public Optional<Instant> lastUsed(String tokenId) {
        Instant inMemory = lastUsed.get(tokenId);
        return inMemory != null ? Optional.of(inMemory) : Optional.ofNullable(file.readLastUsed().get(tokenId));
    }

    /** Writes last-used times out (the server does this every minute and when it stops). */
    public void flushLastUsed() {
        if (lastUsed.isEmpty()) {
            return;
        }
        Map<String, Instant> merged = new HashMap<>(file.readLastUsed());
        lastUsed.forEach((id, t) -> merged.merge(id, t, (a, b) -> a.isAfter(b) ? a : b));
        file.writeLastUsed(merged);
    }

    /**
     * On the first start in token mode: when no admin user exists yet, creates user
     * {@value #BOOTSTRAP_ADMIN} as admin with one admin token, to be printed once.
     */
    public Optional<IssuedToken> bootstrapAdmin() {
        if (file.current().users().stream().anyMatch(User::admin)) {
            return Optional.empty();
        }
        boolean[] created = new boolean[1];
        file.update(s -> {
            if (s.users().stream().anyMatch(User::admin)) {
                return s;
            }
            List<User> users = new ArrayList<>(s.users().stream().filter(u -> !u.id().equals(BOOTSTRAP_ADMIN)).toList());
            users.add(new User(BOOTSTRAP_ADMIN, true, clock.instant()));
            created[0] = true;
            return new AccessFile.State(s.version(), users, s.teams(), s.tokens());
        });
        return created[0] ? Optional.of(createToken(BOOTSTRAP_ADMIN, Scope.ADMIN, "bootstrap")) : Optional.empty();
    }

    /**
     * Keeps the first admin token in {@code .access/first-admin-token} (0600): standard output is a log under
     * systemd or docker, so the secret goes to a file only the server's user can read, and the path is printed.
     */
    public Path saveFirstAdminToken(IssuedToken issued) {
        return file.writePrivate("first-admin-token", (issued.secret() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
