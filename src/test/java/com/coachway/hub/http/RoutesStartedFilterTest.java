package com.coachway.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/** While the routes start or stop, an API call is a 503 with Retry-After, never a 404 a client takes as final. */
class RoutesStartedFilterTest {

    private final AtomicBoolean started = new AtomicBoolean(false);
    private final RoutesStartedFilter filter = new RoutesStartedFilter(started::get,
            new ProblemReplies(new ObjectMapper()));

    @Test
    void beforeTheRoutesAreStartedTheAnswerIs503WithRetryAfter() throws Exception {
        MockHttpServletResponse response = call();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("starting or stopping");
    }

    @Test
    void onceTheyAreStartedTheRequestGoesThrough() throws Exception {
        started.set(true);
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/events"), response, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);

        started.set(false); // stopping
        assertThat(call().getStatus()).isEqualTo(503);
    }

    private MockHttpServletResponse call() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/events"), response, chain);
        assertThat(chain.getRequest()).isNull();
        return response;
    }
}
