package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;
import dev.llmos.access.TeamRole;

/** Local mode: the request says who it is; tokens are optional but checked when they are LLMos tokens. */
class LocalModeIdentityIntegrationTests extends RealServer {

    @Test
    void placeholderKeysAreIgnoredAndTheBodySaysWhoIsCalling() {
        var me = http().with("x-api-key", "sk-placeholder").get("/me?user_id=lena&team_id=tools");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("user_id").asString()).isEqualTo("lena");
        assertThat(me.json().get("mode").asString()).isEqualTo("local");
        // A team the directory does not know is run by its members.
        assertThat(me.json().get("team_role").asString()).isEqualTo("maintainer");
    }

    @Test
    void anLlmosTokenIsCheckedAndThenSaysWhoIsCalling() {
        assertThat(http().bearer("llmos_forged").get("/me?user_id=lena").status()).isEqualTo(401);
        Accounts accounts = new Accounts(VOLUMES, Clock.systemUTC());
        accounts.addUser("omar", false);
        accounts.addTeam("docs");
        accounts.setMember("docs", "omar", TeamRole.MEMBER);
        accounts.addUser("pia", false);
        accounts.setMember("docs", "pia", TeamRole.MAINTAINER);
        String token = accounts.createToken("omar", Scope.READ, "local").secret();
        var me = http().bearer(token).get("/me");
        assertThat(me.json().get("user_id").asString()).isEqualTo("omar");
        assertThat(me.json().get("scope").asString()).isEqualTo("read");
        // A registered team with a maintainer keeps its roles in local mode too.
        assertThat(http().get("/me?user_id=omar").json().get("team_role").asString()).isEqualTo("member");
        assertThat(http().post("/skills", "{\"user_id\":\"omar\",\"skill_id\":\"x\",\"name\":\"X\",\"description\":\"Use for x\","
                + "\"volume\":\"team\"}").status()).isEqualTo(403);
        // And a body cannot claim to be someone else than the token's user.
        assertThat(http().bearer(token).get("/me?user_id=pia").status()).isEqualTo(403);
    }
}
