package dev.llmos.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.llmos.access.Accounts;
import dev.llmos.access.Scope;

/** A request names one caller: two different tokens in one request are a 401, however they are sent. */
class CredentialHeaderTests extends TokenServer {

    @Test
    void twoDifferentTokensInRepeatedHeadersAreRefused() {
        Accounts accounts = accounts();
        accounts.addUser("hana", false);
        accounts.addUser("ivan", false);
        String hana = accounts.createToken("hana", Scope.WRITE, "h").secret();
        String ivan = accounts.createToken("ivan", Scope.WRITE, "i").secret();
        RawHttp raw = new RawHttp(port);

        RawHttp.Reply two = raw.get("/me", "Authorization: Bearer " + hana, "Authorization: Bearer " + ivan);
        assertThat(two.status()).as(two.body()).isEqualTo(401);
        assertThat(two.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(two.header("Content-Type")).startsWith("application/problem+json");
        assertThat(raw.get("/me", "x-api-key: " + hana, "x-api-key: " + ivan).status()).isEqualTo(401);
        assertThat(raw.get("/me", "Authorization: Bearer " + hana, "x-api-key: " + ivan).status()).isEqualTo(401);
        // A bearer token and a second Authorization header of another kind is just as ambiguous.
        assertThat(raw.get("/me", "Authorization: Bearer " + hana, "Authorization: Basic Zm9vOmJhcg==").status()).isEqualTo(401);
        RawHttp.Reply compat = raw.postJson("/v1/messages", "{}", "x-api-key: " + hana, "x-api-key: " + ivan,
                "Accept: application/json");
        assertThat(compat.status()).isEqualTo(401);
        assertThat(compat.json().get("error").get("type").asString()).isEqualTo("authentication_error");

        // The same token twice names one caller.
        RawHttp.Reply same = raw.get("/me", "Authorization: Bearer " + hana, "x-api-key: " + hana);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("user_id").asString()).isEqualTo("hana");
        assertThat(raw.get("/me", "Authorization: Bearer " + hana, "Authorization: Bearer " + hana).status()).isEqualTo(200);
    }
}
