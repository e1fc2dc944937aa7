package org.civicinsights.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Published test vectors, so the derivation is checked against what others computed, not against itself. */
class Pbkdf2Test {

    @Test
    void hmacSha1MatchesRfc6070() {
        assertThat(sha1("password", "salt", 1, 20)).isEqualTo("0c60c80f961f0e71f3a9b524af6012062fe037a6");
        assertThat(sha1("password", "salt", 2, 20)).isEqualTo("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        assertThat(sha1("password", "salt", 4096, 20)).isEqualTo("4b007901b765489abead49d926f721d065a429c1");
        assertThat(sha1("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25))
                .isEqualTo("3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
    }

    @Test
    void hmacSha256MatchesRfc7914() {
        assertThat(sha256("passwd", "salt", 1, 64))
                .isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                        + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        assertThat(sha256("Password", "NaCl", 80_000, 64))
                .isEqualTo("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                        + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    private static String sha1(String password, String salt, int iterations, int keyBytes) {
        return derive(Pbkdf2.Prf.HMAC_SHA1, password, salt, iterations, keyBytes);
    }

    private static String sha256(String password, String salt, int iterations, int keyBytes) {
        return derive(Pbkdf2.Prf.HMAC_SHA256, password, salt, iterations, keyBytes);
    }

    private static String derive(Pbkdf2.Prf prf, String password, String salt, int iterations, int keyBytes) {
        return HexFormat.of()
                .formatHex(Pbkdf2.derive(
                        prf, password.toCharArray(), salt.getBytes(StandardCharsets.US_ASCII), iterations, keyBytes));
    }
}
