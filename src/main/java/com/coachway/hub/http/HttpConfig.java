package com.coachway.hub.http;

import org.apache.camel.CamelContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Registers the request filters right after the security chain, so anonymous callers get 401 before anything else. */
@Configuration(proxyBeanMethods = false)
class HttpConfig {

    /**
     * Boot's Tomcat factory, with the host's error page answering problem+json (see ProblemErrorReportValve), and an
     * encoded slash in a path passed on as it is: a token like {@code https%3A%2F%2Fevil.example} must reach the
     * tracking route and be refused there as an unknown token (404), not as a malformed URL.
     */
    @Bean
    TomcatServletWebServerFactory tomcatServletWebServerFactory() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory() {
            @Override
            protected TomcatWebServer getTomcatWebServer(Tomcat tomcat) {
                if (tomcat.getHost() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
                return super.getTomcatWebServer(tomcat);
            }
        };
        factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling(
                EncodedSolidusHandling.PASS_THROUGH.getValue()));
        return factory;
    }

    /** First of all filters: while the routes start or stop, the API answers 503, never 404 (API.md §1). */
    @Bean
    FilterRegistrationBean<RoutesStartedFilter> routesStartedFilter(CamelContext camel, ProblemReplies problems) {
        FilterRegistrationBean<RoutesStartedFilter> registration = new FilterRegistrationBean<>(
                new RoutesStartedFilter(camel::isStarted, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/api/*", "/webhooks/*", "/ops/api/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpProperties limits, ProblemReplies problems) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(limits, problems));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<RawFormBodyFilter> rawFormBodyFilter(ProblemReplies problems) {
        FilterRegistrationBean<RawFormBodyFilter> registration = new FilterRegistrationBean<>(
                new RawFormBodyFilter(problems));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 3);
        registration.addUrlPatterns("/webhooks/*", "/u/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiContentTypeFilter> apiContentTypeFilter(ProblemReplies problems) {
        FilterRegistrationBean<ApiContentTypeFilter> registration = new FilterRegistrationBean<>(
                new ApiContentTypeFilter(problems));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
        registration.addUrlPatterns("/api/*", "/ops/api/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<DescribedOperationsFilter> describedOperationsFilter(ObjectMapper json,
            ProblemReplies problems) {
        FilterRegistrationBean<DescribedOperationsFilter> registration = new FilterRegistrationBean<>(
                new DescribedOperationsFilter(DescribedOperationsFilter.described(json), problems));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 4);
        registration.addUrlPatterns("/api/*", "/ops/api/*");
        return registration;
    }
}
