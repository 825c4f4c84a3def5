package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * In token mode the web UI itself is public (it asks for a token, then sends it), while the API is
 * not: GETs of the page, its files and its {@code /ui/} routes need no token; API paths still answer 401.
 */
class WebUiTokenModeIntegrationTests extends TokenServer {

    @Test
    void theUiLoadsWithoutAToken() {
        for (String path : new String[] {"/", "/ui", "/ui/chat", "/ui/skills/some-skill"}) {
            Http.Reply page = http().get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.contentType()).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("LLMos");
        }
    }

    @Test
    void theUiFilesLoadWithoutATokenWhenTheUiIsBuilt() {
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(http().get("/").body());
        if (script.find()) { // absent only when built with -DskipWeb
            assertThat(http().get(script.group(1)).status()).isEqualTo(200);
            assertThat(http().get("/index.html").status()).isEqualTo(200);
        }
    }

    @Test
    void theApiStillRefusesWithoutAToken() {
        for (String path : new String[] {"/me", "/skills", "/traces", "/promotions", "/volumes", "/usage", "/evolution/drafts"}) {
            Http.Reply reply = http().get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(http().post("/chat", "{\"message\":\"hi\"}").status()).isEqualTo(401);
        assertThat(http().post("/ui/chat", "{}").status()).as("only GETs of the UI are public").isEqualTo(401);
        for (String sneaky : new String[] {"/ui/../skills", "/ui/%2e%2e/skills", "/assets/../me", "/docs/../skills"}) {
            assertThat(http().get(sneaky).status()).as(sneaky).isIn(400, 401);
        }
    }

    @Test
    void aRevokedTokenIsRefusedEvenForTheUi() {
        accounts().addUser("uma", false);
        var token = accounts().createToken("uma", dev.llmos.access.Scope.READ, "ui");
        accounts().revoke(token.token().id());
        assertThat(http().bearer(token.secret()).get("/ui/chat").status()).isEqualTo(401);
    }
}
