package com.coachway.hub.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/** One stateless filter chain: API keys first, then HTTP Basic; problem+json for every refusal. */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, ApiKeyRegistry keys, ProblemSecurityHandlers problems)
            throws Exception {
        http.headers(headers -> headers
                // nothing the hub serves runs a script from elsewhere, is framed, or leaks its URL to another site
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the async re-dispatch of a request that was already authorized (platform-http is async)
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/api/openapi.json")
                        .permitAll()
                        .requestMatchers("/webhooks/**", "/t/**", "/u/**", "/error", "/assets/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/events")
                        .hasRole(Roles.PUBLISHER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/notifications", "/api/v1/notifications/*/resend",
                                "/api/v1/notifications/*/cancel")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/notifications", "/api/v1/notifications/**")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers(HttpMethod.GET, "/api/v1/templates", "/api/v1/templates/**")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/templates/*/preview")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers("/api/v1/templates", "/api/v1/templates/**")
                        .hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/consent/*/opt-out", "/api/v1/consent/*/opt-in")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/consent/**")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers(HttpMethod.GET, "/api/v1/stats")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/leads")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/leads", "/api/v1/leads/**",
                                "/api/v1/assignment-rules")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers("/api/v1/leads/**")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN)
                        .requestMatchers("/api/v1/assignment-rules", "/api/v1/assignment-rules/**")
                        .hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/event-types", "/api/v1/event-types/**")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        // analysts read what ops read, dead letters and queues included, and write nothing
                        .requestMatchers(HttpMethod.GET, "/ops/**")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers("/ops/**")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN)
                        .anyRequest()
                        .authenticated());
        return http.build();
    }

    /** One observation per security filter per request cost a fifth of the ingress CPU in bench/; HTTP metrics stay. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The strict firewall, letting through the encoded slashes Tomcat now passes on undecoded (see HttpConfig), and
     * with them the '%' they leave in the decoded path. Nothing in the hub maps paths to files, and every path
     * parameter is a token or an address that is verified, so an odd escape ends as a 400 or 404 there.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager hubUsers(SecurityProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        int index = 0;
        for (SecurityProperties.User user : properties.users()) {
            String where = "hub.security.users[" + index++ + "]";
            if (user.name() == null || user.name().isBlank()) {
                throw new IllegalStateException(where + ".name is missing");
            }
            if (user.password() == null || !user.password().matches("\\{[a-z0-9]+}.+")) {
                throw new IllegalStateException(where + ".password must start with {bcrypt} or {noop}");
            }
            for (String role : user.roles()) {
                if (!Roles.ALL.contains(role)) {
                    throw new IllegalStateException(where + ".roles: unknown role '" + role + "'");
                }
            }
            users.add(User.withUsername(user.name())
                    .password(user.password())
                    .roles(user.roles().toArray(String[]::new))
                    .build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
