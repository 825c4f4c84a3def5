package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Bad input gets a clear 4xx problem+json and writes nothing. */
class BadInputIntegrationTests extends RealServer {

    private static void assertProblem(Http.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        JsonNode body = r.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.llmos");
    }

    private String userCommits(String user) {
        return String.valueOf(VOLUMES.resolve("users/" + user).toFile().exists()
                ? http().get("/volumes/users/" + user + "/history?user_id=" + user).json().get("commits").size() : 0);
    }

    @Test
    void skillIdsThatTryToEscapeAVolumeAreRejectedAndNothingIsWritten() {
        Http http = http();
        http.post("/skills", "{\"user_id\":\"mallory\",\"skill_id\":\"fine\",\"name\":\"n\",\"description\":\"d\"}");
        String before = userCommits("mallory");
        for (String id : List.of("../escape", "..", "a/b", "/etc/passwd", "a\u0000b", "\uFF0E\uFF0E", "UPPER", "x--y",
                "-x", "a".repeat(65), "caf\u00e9", "a\u2215b")) {
            String body = "{\"user_id\":\"mallory\",\"skill_id\":" + Http.JSON.writeValueAsString(id)
                    + ",\"name\":\"n\",\"description\":\"d\",\"content\":\"c\"}";
            Http.Reply r = http.post("/skills", body);
            assertProblem(r, 400);
            assertThat(r.json().get("field").asString()).isEqualTo("skill_id");
        }
        assertThat(userCommits("mallory")).isEqualTo(before);
        assertThat(VOLUMES.resolve("users/escape")).doesNotExist();
        assertThat(VOLUMES.resolve("escape")).doesNotExist();
    }

    @Test
    void malformedPathsAreRejectedWithProblemJson() {
        for (String path : List.of("/skills/..%2F..%2Fetc?user_id=alice", "/skills/%00?user_id=alice",
                "/skills/%2e%2e%2fx?user_id=alice")) {
            Http.Reply r = http().get(path);
            assertThat(r.status()).as(path).isBetween(400, 404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void userAndTeamIdsThatAreNotPlainNamesAreRejected() {
        for (String q : List.of("user_id=..%2Fbob", "user_id=Alice", "team_id=..", "user_id=%EF%BD%81lice", "team_id=a%20b")) {
            assertProblem(http().get("/skills?" + q), 400);
        }
    }

    /** Found by RequestBodyFuzzing: Tomcat's failure to decode such a parameter was a 500. */
    @Test
    void aQueryParameterThatIsNotUtf8IsA400() {
        assertProblem(http().get("/traces?user_id=alice&limit=9%FF%FE"), 400);
        assertProblem(http().get("/skills?user_id=%C0%AE%C0%AE"), 400);
    }

    @Test
    void malformedJsonIsA400() {
        assertProblem(http().post("/skills", "{\"user_id\":\"alice\",\"skill_id\":"), 400);
        assertProblem(http().post("/skills", "[1,2"), 400);
        assertProblem(http().post("/skills", ""), 400);
    }

    @Test
    void aWrongContentTypeIsA415AndAWrongMethodA405() {
        Http.Reply r = http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/skills"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertProblem(r, 415);
        assertProblem(http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())), 405);
    }

    @Test
    void aSkillWithoutNameOrDescriptionIsA422NamingTheField() {
        Http.Reply r = http().post("/skills", "{\"user_id\":\"alice\",\"skill_id\":\"no-desc\",\"name\":\"x\"}");
        assertProblem(r, 422);
        assertThat(r.json().get("errors").findValuesAsString("field")).contains("description");
        assertThat(http().get("/skills/no-desc?user_id=alice").status()).isEqualTo(404);
    }

    @Test
    void oversizedSkillsAndBodiesAreA413() {
        String content = "x".repeat(70_000);
        assertProblem(http().post("/skills", "{\"user_id\":\"alice\",\"skill_id\":\"huge\",\"name\":\"x\",\"description\":\"d\",\"content\":\""
                + content + "\"}"), 413);
        String body = "{\"user_id\":\"alice\",\"skill_id\":\"huger\",\"name\":\"x\",\"description\":\"d\",\"content\":\""
                + "y".repeat(300_000) + "\"}";
        assertProblem(http().post("/skills", body), 413);
        assertThat(http().get("/skills/huge?user_id=alice").status()).isEqualTo(404);
    }

    @Test
    void unknownVolumesCommitsAndSkillsAre404() {
        assertProblem(http().get("/volumes/teams/nosuch/history?team_id=nosuch"), 404);
        assertProblem(http().get("/volumes/system/diff/0123456789abcdef"), 404);
        assertProblem(http().get("/volumes/system/diff/not-a-commit"), 404);
        // Well formed, full length, but no such object: not found, not "the volume needs repair".
        assertProblem(http().get("/volumes/system/diff/" + "0123456789abcdef".repeat(2) + "01234567"), 404);
        http().post("/skills", "{\"user_id\":\"alice\",\"skill_id\":\"revert-me\",\"name\":\"x\",\"description\":\"d\"}");
        assertProblem(http().post("/skills/revert-me/revert", "{\"user_id\":\"alice\",\"commit\":\"" + "ab".repeat(20) + "\"}"), 404);
        assertProblem(http().get("/skills/does-not-exist"), 404);
        assertProblem(http().get("/volumes/groups/x/history"), 400);
        assertProblem(http().post("/skills/code-review/revert", "{\"user_id\":\"alice\",\"commit\":\"0123456\"}"), 404);
    }

    @Test
    void creatingAnExistingSkillIsA409() {
        String body = "{\"user_id\":\"alice\",\"skill_id\":\"twice\",\"name\":\"x\",\"description\":\"d\"}";
        assertThat(http().post("/skills", body).status()).isEqualTo(201);
        assertProblem(http().post("/skills", body), 409);
    }

    @Test
    void anUnknownFormatIsA400() {
        assertProblem(http().post("/skills", "{\"user_id\":\"alice\",\"skill_id\":\"fmt\",\"name\":\"x\",\"description\":\"d\",\"format\":\"docx\"}"), 400);
    }
}
