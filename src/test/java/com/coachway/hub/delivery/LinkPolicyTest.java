package com.coachway.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Which links may become a redirect on the hub's domain, and which data a message may not carry as a link. */
class LinkPolicyTest {

    private final LinkPolicy byDefault = new LinkPolicy(List.of(), URI.create("https://hub.coachway.example"));
    private final LinkPolicy configured = new LinkPolicy(List.of("coachway.example", " WWW.coachway.example "),
            URI.create("https://hub.coachway.example"));

    @Test
    void onlyWebLinksToAllowedHostsAreWrapped() {
        assertThat(byDefault.wrappable("https://hub.coachway.example/q/1")).isTrue();
        assertThat(byDefault.wrappable("https://coachway.example/q/1")).isFalse();
        assertThat(configured.wrappable("https://www.coachway.example/q/1")).isTrue();
        assertThat(configured.wrappable("HTTP://coachway.example")).isTrue();
        assertThat(configured.wrappable("https://coachway.example.evil.example/")).isFalse();
        assertThat(configured.wrappable("https://evil.example/?coachway.example")).isFalse();
        assertThat(configured.wrappable("https://coachway.example@evil.example/")).isFalse();
        assertThat(configured.wrappable("javascript://coachway.example/%0Aalert(1)")).isFalse();
        assertThat(configured.wrappable("mailto:ops@coachway.example")).isFalse();
    }

    @Test
    void aRedirectTargetIsEncodedOrRefused() {
        assertThat(configured.redirectTarget("https://coachway.example/a b\"c")).hasValue(
                "https://coachway.example/a%20b%22c");
        assertThat(configured.redirectTarget("https://coachway.example/é?x=1%202")).hasValue(
                "https://coachway.example/%C3%A9?x=1%202");
        assertThat(configured.redirectTarget("https://evil.example/")).isEmpty();
    }

    @Test
    void dangerousLinksInDataAreFoundByTheirPath() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(LinkPolicy.dangerousLinkIn(json.readTree("{\"a\":{\"b\":[\"ok\",\"data:,x\"]}}"), "data"))
                .hasValue("data.a.b[1]");
        assertThat(LinkPolicy.dangerousLinkIn(json.readTree("{\"note\":\"Note: all good\",\"n\":1}"), "data"))
                .isEmpty();
    }
}
