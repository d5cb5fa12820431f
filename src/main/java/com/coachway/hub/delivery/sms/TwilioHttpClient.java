package com.coachway.hub.delivery.sms;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import com.coachway.hub.delivery.ProviderStatusException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * The Twilio SDK's HTTP client with three changes. Requests go to {@code hub.twilio.base-url} (a fake in tests and
 * staging). One attempt is exactly one HTTP request: the SDK's own retries of 5xx answers and the HTTP client's
 * automatic retries are both off, because retrying belongs to the hub's retry tiers. And an error answer without
 * Twilio's JSON error body (a proxy's 502, an empty 503) becomes a {@link ProviderStatusException} carrying the
 * status, instead of an SDK parse error that hides it. A pooled connection idle for a second or more is checked
 * before it is used: one Twilio closed while the hub was quiet would otherwise take the next message and drop it
 * unanswered.
 */
final class TwilioHttpClient extends NetworkHttpClient {

    private static final String TWILIO_API = "https://api.twilio.com";

    private final String baseUrl;

    TwilioHttpClient(URI baseUrl, Timeout connectTimeout, Timeout readTimeout) {
        super(builder(connectTimeout, readTimeout));
        String base = baseUrl.toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static HttpClientBuilder builder(Timeout connectTimeout, Timeout readTimeout) {
        return HttpClientBuilder.create()
                .disableAutomaticRetries()
                .useSystemProperties()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(50)
                        .setMaxConnPerRoute(50)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connectTimeout)
                                .setSocketTimeout(readTimeout)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(readTimeout)
                        .setConnectionRequestTimeout(connectTimeout)
                        .build());
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        Response response = super.makeRequest(rebased(request));
        int status = response.getStatusCode();
        if (status < 400) {
            return response;
        }
        // reading the content consumes the stream: hand the SDK a response built from what was read
        String content = response.getContent();
        if (content == null || !content.trim().startsWith("{") || !content.contains("\"code\"")) {
            // a proxy or gateway in the way, more often than Twilio itself
            throw new ProviderStatusException(status, "HTTP " + status + " with no Twilio error in it"
                    + (content == null || content.isBlank() ? "" : ": " + abbreviate(content)));
        }
        return new Response(content, status, response.getHeaders());
    }

    private Request rebased(Request request) {
        String url = request.getUrl();
        if (!url.startsWith(TWILIO_API) || TWILIO_API.equals(baseUrl)) {
            return request;
        }
        Request copy = new Request(request.getMethod(), baseUrl + url.substring(TWILIO_API.length()));
        copyParams(request.getPostParams(), copy::addPostParam);
        copyParams(request.getQueryParams(), copy::addQueryParam);
        copyParams(request.getHeaderParams(), copy::addHeaderParam);
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        if (request.getContentType() != null) {
            copy.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            copy.setBody(request.getBody());
        }
        return copy;
    }

    private static void copyParams(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> to) {
        params.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
