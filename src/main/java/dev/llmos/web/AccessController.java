package dev.llmos.web;

import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.llmos.access.AccessDeniedException;
import dev.llmos.access.AccessPolicy;
import dev.llmos.access.Accounts;
import dev.llmos.access.ApiToken;
import dev.llmos.access.IssuedToken;
import dev.llmos.access.NotVisibleException;
import dev.llmos.access.Principal;
import dev.llmos.access.Scope;
import dev.llmos.access.Team;
import dev.llmos.access.TeamRole;
import dev.llmos.access.User;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Access", description = "Who am I; users, teams and API tokens")
class AccessController {

    record Me(String userId, boolean admin, String scope, String teamId, String teamRole, List<Membership> teams, String mode) {
    }

    record Membership(String teamId, String role) {
    }

    record NewUser(String userId, String newUserId, Boolean admin) {
    }

    record NewTeam(String userId, String newTeamId) {
    }

    record MemberRole(String userId, String role) {
    }

    record TeamView(String teamId, List<Membership> members, Instant created) {
        static TeamView of(Team t) {
            return new TeamView(t.id(), t.members().entrySet().stream()
                    .map(e -> new Membership(e.getKey(), e.getValue().wireName())).toList(), t.created());
        }
    }

    record NewToken(String userId, String forUser, String scope, String name) {
    }

    record TokenView(String id, String userId, String scope, String name, Instant created, Instant lastUsed, Instant revoked) {
    }

    record CreatedToken(TokenView token, String secret) {
    }

    private final Accounts accounts;
    private final CallerResolver callers;
    private final AccessPolicy access;
    private final dev.llmos.access.Callers modes;

    AccessController(Accounts accounts, CallerResolver callers, AccessPolicy access, dev.llmos.access.Callers modes) {
        this.accounts = accounts;
        this.callers = callers;
        this.access = access;
        this.modes = modes;
    }

    @GetMapping("/me")
    @Operation(summary = "Who the caller is: user, teams and roles, admin, the credential's scope, and the auth mode")
    Me me(@RequestParam(name = "user_id", required = false) String userId,
          @RequestParam(name = "team_id", required = false) String teamId) {
        Principal who = callers.resolve(userId, teamId);
        List<Membership> teams = who.isAnonymous() ? List.of() : accounts.teamsOf(who.userId()).stream()
                .map(t -> new Membership(t.id(), t.members().get(who.userId()).wireName())).toList();
        return new Me(who.userId(), who.admin(), who.scope().wireName(), who.teamId(),
                who.teamRole() == null ? null : who.teamRole().wireName(), teams, modes.mode().name().toLowerCase(java.util.Locale.ROOT));
    }

    @GetMapping("/users")
    @Operation(summary = "All users (admins)")
    List<User> users(@RequestParam(name = "user_id", required = false) String userId) {
        access.requireAdmin(callers.resolve(userId, null));
        return accounts.users();
    }

    @PostMapping("/users")
    @Operation(summary = "Add a user (admins)", description = "`new_user_id` is the user to add; `user_id` is the caller (local mode).")
    ResponseEntity<User> addUser(@RequestBody NewUser body) {
        access.requireAdmin(callers.resolve(body.userId(), null));
        return ResponseEntity.status(HttpStatus.CREATED).body(accounts.addUser(body.newUserId(), Boolean.TRUE.equals(body.admin())));
    }

    @GetMapping("/teams")
    @Operation(summary = "Teams: all of them for admins, the caller's own otherwise")
    List<TeamView> teams(@RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        access.requireScope(who, Scope.READ);
        List<Team> teams = who.actsAsAdmin() ? accounts.teams() : accounts.teamsOf(who.userId());
        return teams.stream().map(TeamView::of).toList();
    }

    @PostMapping("/teams")
    @Operation(summary = "Add a team (admins)")
    ResponseEntity<TeamView> addTeam(@RequestBody NewTeam body) {
        access.requireAdmin(callers.resolve(body.userId(), null));
        return ResponseEntity.status(HttpStatus.CREATED).body(TeamView.of(accounts.addTeam(body.newTeamId())));
    }

    @PutMapping("/teams/{team}/members/{member}")
    @Operation(summary = "Add a member to a team, or change their role (admins and the team's maintainers)",
            description = "role: member (reads the team volume) or maintainer (also writes it and merges promotions).")
    TeamView setMember(@PathVariable String team, @PathVariable String member, @RequestBody MemberRole body) {
        access.requireTeamManager(manager(body.userId(), team), team);
        return TeamView.of(accounts.setMember(team, member, TeamRole.parse(body.role())));
    }

    @DeleteMapping("/teams/{team}/members/{member}")
    @Operation(summary = "Remove a member from a team (admins and the team's maintainers)")
    TeamView removeMember(@PathVariable String team, @PathVariable String member,
                          @RequestParam(name = "user_id", required = false) String userId) {
        access.requireTeamManager(manager(userId, team), team);
        return TeamView.of(accounts.removeMember(team, member));
    }

    /** Admins manage any team without belonging to it; others act for the team they manage. */
    private Principal manager(String userId, String team) {
        Principal who = callers.resolve(userId, null);
        return who.actsAsAdmin() ? who : callers.resolve(userId, team);
    }

    @GetMapping("/tokens")
    @Operation(summary = "The caller's tokens (admins: everyone's with all=true); never their secrets")
    List<TokenView> tokens(@RequestParam(name = "user_id", required = false) String userId,
                           @RequestParam(defaultValue = "false") boolean all) {
        Principal who = callers.resolve(userId, null);
        access.requireScope(who, Scope.READ);
        if (all) {
            access.requireAdmin(who);
        }
        return accounts.tokens(all ? null : who.userId()).stream().map(this::view).toList();
    }

    @PostMapping("/tokens")
    @Operation(summary = "Create a token; its secret is in this response only",
            description = "For the caller, with a scope no wider than the caller's own; admins may create one `for_user` anyone.")
    ResponseEntity<CreatedToken> createToken(@RequestBody NewToken body) {
        Principal who = callers.resolve(body.userId(), null);
        access.requireScope(who, Scope.WRITE);
        Scope scope = Scope.parse(body.scope() == null ? "write" : body.scope());
        String owner = body.forUser() == null || body.forUser().isBlank() ? who.userId() : body.forUser();
        if (!owner.equals(who.userId())) {
            access.requireAdmin(who);
        } else if (!who.scope().includes(scope)) {
            throw new AccessDeniedException("a token of scope '" + who.scope().wireName() + "' cannot create one of scope '"
                    + scope.wireName() + "'");
        }
        IssuedToken issued = accounts.createToken(owner, scope, body.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(new CreatedToken(view(issued.token()), issued.secret()));
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "Revoke a token (the caller's own; admins: any). It stops working at once.")
    TokenView revoke(@PathVariable String id, @RequestParam(name = "user_id", required = false) String userId) {
        Principal who = callers.resolve(userId, null);
        access.requireScope(who, Scope.READ);
        ApiToken token = accounts.token(id).orElseThrow(() -> new NotVisibleException("token '" + id + "'"));
        if (!token.userId().equals(who.userId()) && !who.actsAsAdmin()) {
            throw new NotVisibleException("token '" + id + "'");
        }
        return view(accounts.revoke(id));
    }

    private TokenView view(ApiToken t) {
        return new TokenView(t.id(), t.userId(), t.scope().wireName(), t.name(), t.created(),
                accounts.lastUsed(t.id()).orElse(null), t.revoked());
    }
}
