package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.llmos.access.ApiToken;
import dev.llmos.cli.LlmosCommand;

/**
 * Tokens from end to end, in token mode: made with the CLI while the server runs, used over HTTP
 * in both header forms, revoked from the CLI and refused at once; never stored in the clear.
 */
class TokenLifecycleIntegrationTests extends TokenServer {

    record Run(int code, String out, String err) {
        String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] withVolumes = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--volumes", VOLUMES.toString())).toArray(String[]::new);
            int code = LlmosCommand.commandLine(Object.class).execute(withVolumes);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aTokenMadeWithTheCliWorksAtOnceAndStopsWorkingWhenRevoked() throws Exception {
        assertThat(cli("user", "add", "dana").code()).isZero();
        assertThat(cli("team", "add", "ops").code()).isZero();
        assertThat(cli("team", "member", "add", "ops", "dana", "--role", "maintainer").code()).isZero();
        Run created = cli("token", "create", "--user", "dana", "--scope", "write", "--name", "laptop");
        assertThat(created.code()).as(created.err()).isZero();
        String secret = created.lastLine();
        assertThat(secret).startsWith("llmos_").hasSizeGreaterThan(40).doesNotContain(" ");

        var me = http().bearer(secret).get("/me");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("user_id").asString()).isEqualTo("dana");
        assertThat(me.json().get("team_id").asString()).isEqualTo("ops");
        assertThat(me.json().get("team_role").asString()).isEqualTo("maintainer");
        assertThat(me.json().get("scope").asString()).isEqualTo("write");
        assertThat(me.json().get("mode").asString()).isEqualTo("token");
        // x-api-key is checked exactly like Authorization: Bearer.
        assertThat(http().with("x-api-key", secret).get("/me").json().get("user_id").asString()).isEqualTo("dana");
        assertThat(http().bearer(secret).with("x-api-key", secret + "x").get("/me").status()).isEqualTo(401);

        // Listed with its last use, never with its secret; the file holds only a hash.
        var listed = http().bearer(secret).get("/tokens");
        assertThat(listed.body()).doesNotContain(secret);
        assertThat(listed.json().get(0).get("last_used").isNull()).isFalse();
        assertThat(Files.readString(VOLUMES.resolve(".access/access.json"))).doesNotContain(secret)
                .doesNotContain(secret.substring(6));
        Run list = cli("token", "list", "--user", "dana");
        assertThat(list.out()).contains("dana write").contains("\"laptop\"").doesNotContain(secret);

        String id = accounts().tokens("dana").stream().map(ApiToken::id).findFirst().orElseThrow();
        Run revoked = cli("token", "revoke", id);
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.lastLine()).isEqualTo(id);
        var refused = http().bearer(secret).get("/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("revoked");
    }

    @Test
    void withoutAValidTokenOnlyHealthAndTheApiDescriptionAnswer() {
        assertThat(http().get("/health").status()).isEqualTo(200);
        assertThat(http().get("/openapi.json").status()).isEqualTo(200);
        var anonymous = http().get("/skills");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(http().bearer("llmos_not-a-real-token").get("/skills").status()).isEqualTo(401);
        assertThat(http().bearer("something else entirely").get("/skills").status()).isEqualTo(401);
        // A body naming another user never widens a token's reach.
        cli("user", "add", "erin");
        String erin = cli("token", "create", "--user", "erin").lastLine();
        var claimed = http().bearer(erin).post("/chat", "{\"user_id\":\"dana\",\"message\":\"hi\"}");
        assertThat(claimed.status()).isEqualTo(403);
        assertThat(claimed.body()).contains("belongs to 'erin'");
    }

    @Test
    void aReadTokenReadsButNeverWritesAndCannotMintAWiderToken() {
        cli("user", "add", "fay");
        String read = cli("token", "create", "--user", "fay", "--scope", "read").lastLine();
        Http fay = http().bearer(read);
        assertThat(fay.get("/skills").status()).isEqualTo(200);
        assertThat(fay.post("/skills", "{\"skill_id\":\"x\",\"name\":\"X\",\"description\":\"Use for x\"}").status()).isEqualTo(403);
        assertThat(fay.post("/tokens", "{\"scope\":\"write\"}").status()).isEqualTo(403);
        assertThat(fay.post("/chat", "{\"message\":\"hi\"}").status()).isEqualTo(403);
    }

    @Test
    void theFirstStartInTokenModeMadeOneAdminWithOneToken() {
        assertThat(accounts().user("admin")).hasValueSatisfying(u -> assertThat(u.admin()).isTrue());
        assertThat(accounts().tokens("admin")).hasSize(1).allSatisfy(t -> assertThat(t.name()).isEqualTo("bootstrap"));
        assertThat(accounts().bootstrapAdmin()).isEmpty();
    }

    /** Standard output is a log under systemd or docker: the first admin token goes to a file only this OS user reads. */
    @Test
    void theFirstAdminTokenIsInAPrivateFileAndWorks() throws Exception {
        Path saved = VOLUMES.resolve(".access/first-admin-token");
        assertThat(PrivateFilesIntegrationTests.mode(saved)).isEqualTo("rw-------");
        String token = Files.readString(saved).strip();
        var me = http().bearer(token).get("/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user_id").asString()).isEqualTo("admin");
        assertThat(me.json().get("scope").asString()).isEqualTo("admin");
    }

    @Test
    void cliMistakesAreClearAndChangeNothing() throws Exception {
        byte[] before = Files.readAllBytes(VOLUMES.resolve(".access/access.json"));
        assertThat(cli("token", "create", "--user", "nobody-here").err()).contains("not a known user");
        assertThat(cli("user", "add", "../etc").code()).isEqualTo(2);
        assertThat(cli("team", "member", "add", "no-team", "admin").err()).contains("not a known team");
        assertThat(cli("token", "create", "--user", "admin", "--scope", "root").err()).contains("read, write or admin");
        assertThat(cli("token", "revoke", "tok_000000000000").code()).isEqualTo(2);
        assertThat(Files.readAllBytes(VOLUMES.resolve(".access/access.json"))).isEqualTo(before);
    }
}
