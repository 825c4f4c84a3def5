package dev.llmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** serve refuses unsafe or malformed settings before starting anything. */
class ServeCommandTests {

    @Test
    void localModeRefusesToBindBeyondLoopbackAndSaysWhatToDo() {
        var r = SkillsCommandTests.run("serve", "--host", "0.0.0.0", "--auth", "local");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to bind 0.0.0.0 in local mode").contains("--auth token");
    }

    @Test
    void aBlankHostIsEveryInterfaceAndIsRefusedInLocalMode() {
        // InetAddress.getByName("") is loopback, but an empty bind address is every interface.
        for (String blank : new String[] {"", " "}) {
            var r = SkillsCommandTests.run("serve", "--host", blank, "--auth", "local");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("refusing to bind").contains("every network interface").contains("--auth token");
        }
    }

    @Test
    void aHostNameThatIsNotLoopbackIsRefusedInLocalMode() {
        var r = SkillsCommandTests.run("serve", "--host", "example.invalid", "--auth", "local");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("example.invalid");
    }

    @Test
    void anUnknownAuthModeIsRefused() {
        var r = SkillsCommandTests.run("serve", "--auth", "magic");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'local' or 'token'");
    }
}
