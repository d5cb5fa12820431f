package com.coachway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The one digest helper gives the standard SHA-256 (FIPS 180-2 test vectors). */
class Sha256Test {

    @Test
    void givesTheStandardDigest() {
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(Sha256.hex("abc"));
        assertThat(Sha256.hex((byte[]) null))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.digest(new byte[0])).hasSize(32);
    }
}
