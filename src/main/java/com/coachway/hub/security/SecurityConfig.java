package com.coachway.hub.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One filter chain for machines and people. Machines send an API key or HTTP Basic on every request and get no
 * session; people log in to the console with a form and hold a session (Spring Session JDBC, so any replica knows
 * it), and every write they make with that cookie carries the CSRF token. Every refusal is problem+json, except a
 * console page, which sends an anonymous browser to the login page.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    static final String LOGIN_PAGE = "/ops/login";

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, ApiKeyRegistry keys, ProblemSecurityHandlers problems,
            LoginThrottle throttle) throws Exception {
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        http.headers(headers -> headers
                // nothing the hub serves runs a script from elsewhere, is framed, or leaks its URL to another site
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                // the console's script reads the token from its cookie and sends it back in X-XSRF-TOKEN
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(ConsoleRequests::required))
                .addFilterAfter(new ConsoleRequests.IssueToken(), CsrfFilter.class)
                // a session is made by the login form and nothing else
                .securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), new ConsoleSessions())))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(form -> form.loginPage(LOGIN_PAGE)
                        .loginProcessingUrl(LOGIN_PAGE)
                        .defaultSuccessUrl("/ops/", true)
                        .failureUrl(LOGIN_PAGE + "?error")
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/ops/logout").logoutSuccessUrl(LOGIN_PAGE + "?logout"))
                .anonymous(AbstractHttpConfigurer::disable)
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint(problems)).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
                // before the login form's filter, and so before HTTP Basic's too
                .addFilterBefore(new LoginThrottleFilter(throttle, problems),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // the async re-dispatch of a request that was already authorized (platform-http is async)
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/api/openapi.json", "/api/openapi.yaml", "/api/asyncapi.json")
                        .permitAll()
                        // the port also serves the providers' webhooks, so it faces the internet: event and failure
                        // counts per source are for the scraper's ops key, not for anyone (analyst reads what ops reads)
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers("/webhooks/**", "/t/**", "/u/**", "/error", "/assets/**")
                        .permitAll()
                        .requestMatchers(LOGIN_PAGE, LOGIN_PAGE + ".html")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/events")
                        .hasRole(Roles.PUBLISHER)
                        .requestMatchers(HttpMethod.GET, "/api/v1/events")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/notifications", "/api/v1/notifications/*/resend",
                                "/api/v1/notifications/*/cancel")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/notifications", "/api/v1/notifications/**",
                                "/api/v1/scheduled")
                        .hasAnyRole(Roles.PUBLISHER, Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/scheduled/*/cancel", "/api/v1/campaigns/*/cancel")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/campaigns", "/api/v1/campaigns/*")
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
                        .requestMatchers(HttpMethod.GET, "/api/v1/stats", "/api/v1/pushes", "/api/v1/inbound-messages")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN, Roles.ANALYST)
                        .requestMatchers("/api/v1/inbound-messages/*/answer", "/api/v1/inbound-messages/*/handled")
                        .hasAnyRole(Roles.OPS, Roles.ADMIN)
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

    /** A console page sends an anonymous browser to the login form; everything else answers 401 problem+json. */
    private static AuthenticationEntryPoint entryPoint(ProblemSecurityHandlers problems) {
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> pages = new LinkedHashMap<>();
        pages.put(ConsoleRequests::consolePage, new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE));
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(pages);
        entryPoint.setDefaultEntryPoint(problems);
        return entryPoint;
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
