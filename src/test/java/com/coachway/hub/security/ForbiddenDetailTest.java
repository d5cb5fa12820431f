package com.coachway.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;

class ForbiddenDetailTest {

    private static final UsernamePasswordAuthenticationToken ANALYST = UsernamePasswordAuthenticationToken
            .authenticated("analyst", null, AuthorityUtils.createAuthorityList("ROLE_analyst", "FACTOR_PASSWORD"));

    @Test
    void aRefusalNamesTheRolesThatWouldDoAndThoseTheCallerHas() {
        assertThat(ProblemSecurityHandlers.forbidden(denied("ROLE_admin", "ROLE_ops"), ANALYST))
                .isEqualTo("This endpoint needs one of the roles ops, admin; your credentials carry analyst.");
        assertThat(ProblemSecurityHandlers.forbidden(denied("ROLE_admin"), ANALYST))
                .isEqualTo("This endpoint needs the role admin; your credentials carry analyst.");
    }

    @Test
    void aRefusalThatDoesNotSayWhatItWantedStillSaysWhatTheCallerHas() {
        assertThat(ProblemSecurityHandlers.forbidden(new AccessDeniedException("Access Denied"), ANALYST))
                .isEqualTo("Your credentials (roles: analyst) do not carry a role this endpoint needs.");
        assertThat(ProblemSecurityHandlers.forbidden(denied("ROLE_ops"), UsernamePasswordAuthenticationToken
                .authenticated("nobody", null, AuthorityUtils.NO_AUTHORITIES)))
                .isEqualTo("This endpoint needs the role ops; your credentials carry none.");
    }

    private static AuthorizationDeniedException denied(String... authorities) {
        return new AuthorizationDeniedException("Access Denied",
                new AuthorityAuthorizationDecision(false, AuthorityUtils.createAuthorityList(authorities)));
    }
}
