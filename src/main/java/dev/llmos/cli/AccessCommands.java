package dev.llmos.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import dev.llmos.access.AccessConflictException;
import dev.llmos.access.Accounts;
import dev.llmos.access.ApiToken;
import dev.llmos.access.InvalidAccessRequestException;
import dev.llmos.access.IssuedToken;
import dev.llmos.access.NotVisibleException;
import dev.llmos.access.Scope;
import dev.llmos.access.Team;
import dev.llmos.access.TeamRole;
import dev.llmos.access.User;
import dev.llmos.volume.InvalidNameException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code user}, {@code team} and {@code token}: the operator's tools. They act on the volumes
 * folder directly (whoever can write that folder already owns everything in it), and they are safe
 * to run while the server runs: changes go through a file lock and the server picks them up at its
 * next request.
 */
final class AccessCommands {

    private AccessCommands() {
    }

    /** The shared {@code --volumes} option and error handling. */
    abstract static class AccessCommand implements Callable<Integer> {

        @Option(names = "--volumes", defaultValue = "${env:LLMOS_VOLUMES_PATH:-./volumes}",
                description = "Volumes folder (env LLMOS_VOLUMES_PATH; default ${DEFAULT-VALUE}).")
        Path volumes;

        @Override
        public final Integer call() {
            try {
                return run(new Accounts(volumes, Clock.systemUTC()));
            } catch (InvalidAccessRequestException | InvalidNameException | AccessConflictException | NotVisibleException e) {
                System.err.println("llmos: " + e.getMessage());
                return 2;
            }
        }

        abstract int run(Accounts accounts);
    }

    /** A command that only groups others: alone, it prints its usage. */
    abstract static class Group implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Add and list users.",
            subcommands = {UserAdd.class, UserList.class})
    static final class UserCommand extends Group {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
    static final class UserAdd extends AccessCommand {
        @Parameters(paramLabel = "USER", description = "The user id (letters, digits, . _ -).")
        String user;

        @Option(names = "--admin", description = "Make the user a system admin.")
        boolean admin;

        @Override
        int run(Accounts accounts) {
            User added = accounts.addUser(user, admin);
            System.out.println("added user " + added.id() + (added.admin() ? " (admin)" : ""));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their teams.")
    static final class UserList extends AccessCommand {
        @Override
        int run(Accounts accounts) {
            for (User u : accounts.users()) {
                List<String> teams = accounts.teamsOf(u.id()).stream()
                        .map(t -> t.id() + ":" + t.members().get(u.id()).wireName()).toList();
                System.out.println(u.id() + (u.admin() ? " admin" : "") + (teams.isEmpty() ? "" : " " + String.join(",", teams)));
            }
            return 0;
        }
    }

    @Command(name = "team", mixinStandardHelpOptions = true, description = "Add teams and manage their members.",
            subcommands = {TeamAdd.class, TeamList.class, TeamMember.class})
    static final class TeamCommand extends Group {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a team.")
    static final class TeamAdd extends AccessCommand {
        @Parameters(paramLabel = "TEAM")
        String team;

        @Override
        int run(Accounts accounts) {
            System.out.println("added team " + accounts.addTeam(team).id());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List teams and members.")
    static final class TeamList extends AccessCommand {
        @Override
        int run(Accounts accounts) {
            for (Team t : accounts.teams()) {
                StringBuilder line = new StringBuilder(t.id());
                t.members().forEach((user, role) -> line.append(' ').append(user).append(':').append(role.wireName()));
                System.out.println(line);
            }
            return 0;
        }
    }

    @Command(name = "member", mixinStandardHelpOptions = true, description = "Add or remove a team member.",
            subcommands = {MemberAdd.class, MemberRemove.class})
    static final class TeamMember extends Group {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a member to a team, or change their role.")
    static final class MemberAdd extends AccessCommand {
        @Parameters(index = "0", paramLabel = "TEAM")
        String team;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Option(names = "--role", defaultValue = "member", description = "member (reads the team volume) or maintainer (also writes it and merges promotions).")
        String role;

        @Override
        int run(Accounts accounts) {
            TeamRole r = TeamRole.parse(role);
            accounts.setMember(team, user, r);
            System.out.println(user + " is a " + r.wireName() + " of team " + team);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a member from a team.")
    static final class MemberRemove extends AccessCommand {
        @Parameters(index = "0", paramLabel = "TEAM")
        String team;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Override
        int run(Accounts accounts) {
            accounts.removeMember(team, user);
            System.out.println("removed " + user + " from team " + team);
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke API tokens.",
            subcommands = {TokenCreate.class, TokenList.class, TokenRevoke.class})
    static final class TokenCommand extends Group {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a user. The token is printed once, alone on the last line.")
    static final class TokenCreate extends AccessCommand {
        @Option(names = "--user", required = true)
        String user;

        @Option(names = "--scope", defaultValue = "write", description = "read, write or admin (default ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--name", defaultValue = "", description = "A label, e.g. the machine it is for.")
        String name;

        @Override
        int run(Accounts accounts) {
            IssuedToken issued = accounts.createToken(user, Scope.parse(scope), name);
            System.out.println("created token " + issued.token().id() + " for " + user + " (scope "
                    + issued.token().scope().wireName() + "); it is shown once:");
            System.out.println(issued.secret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class TokenList extends AccessCommand {
        @Option(names = "--user", description = "Only this user's tokens.")
        String user;

        @Override
        int run(Accounts accounts) {
            for (ApiToken t : accounts.tokens(user)) {
                System.out.println(t.id() + " " + t.userId() + " " + t.scope().wireName() + " created " + t.created()
                        + " last-used " + accounts.lastUsed(t.id()).map(Object::toString).orElse("never")
                        + (t.revoked() != null ? " revoked " + t.revoked() : "")
                        + (t.name().isEmpty() ? "" : " \"" + t.name() + "\""));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token; it stops working at once.")
    static final class TokenRevoke extends AccessCommand {
        @Parameters(paramLabel = "TOKEN_ID", description = "The token's id (tok_...), as listed.")
        String id;

        @Override
        int run(Accounts accounts) {
            ApiToken t = accounts.revoke(id);
            System.out.println("revoked this token of " + t.userId() + ":");
            System.out.println(t.id());
            return 0;
        }
    }
}
