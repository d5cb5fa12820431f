package com.coachway.hub.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import com.coachway.hub.http.SiteProperties;
import com.coachway.hub.vocabulary.LinkSchemes;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which links of a message may exist at all, and which may become a redirect on the hub's own domain (API.md §8).
 * Only {@code http}/{@code https} targets on {@code hub.tracking.allowed-link-hosts} (default: the host of
 * {@code hub.public-base-url}) are wrapped; any other web link is sent as it is, so the hub never lends its domain
 * to a target it does not vouch for. {@code javascript:}, {@code data:} and other schemes never reach a message.
 */
@Component
public class LinkPolicy {

    private final Set<String> allowedHosts;

    @Autowired
    public LinkPolicy(TrackingProperties tracking, SiteProperties site) {
        this(tracking.allowedLinkHosts(), site.publicBaseUrl());
    }

    LinkPolicy(List<String> allowedHosts, URI publicBase) {
        Set<String> hosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.allowedHosts = hosts.isEmpty() ? Set.of(publicBase.getHost().toLowerCase(Locale.ROOT)) : hosts;
    }

    /** Whether a link may be turned into a tracked redirect on the hub's domain. */
    public boolean wrappable(String href) {
        return webUri(href).map(uri -> uri.getHost() != null
                && allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))).orElse(false);
    }

    /**
     * The path under {@code data} of the first text that is a {@code javascript:}, {@code vbscript:}, {@code data:} or
     * {@code file:} link ({@code data.quote.url}), or empty: such a value is refused at the API.
     */
    public static Optional<String> dangerousLinkIn(JsonNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return LinkSchemes.dangerous(node.textValue()) ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = dangerousLinkIn(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<String> found = dangerousLinkIn(field.getValue(), path + "." + field.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * A stored target as a properly encoded absolute URI for a {@code Location} header, or empty when it is not an
     * allowed web link (then the click is a 404, never a redirect).
     */
    public Optional<String> redirectTarget(String url) {
        if (!wrappable(url)) {
            return Optional.empty();
        }
        return Optional.of(encoded(url.strip()));
    }

    private static String encoded(String url) {
        try {
            return new URI(url).toASCIIString();
        } catch (URISyntaxException e) {
            // characters a URI may not hold as they are (a space, a quote): percent-encoded, never passed raw
            return UriComponentsBuilder.fromUriString(url).encode().build().toUri().toASCIIString();
        }
    }

    private static Optional<URI> webUri(String href) {
        if (!LinkSchemes.web(href)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(encoded(href.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
