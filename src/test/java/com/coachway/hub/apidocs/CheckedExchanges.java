package com.coachway.hub.apidocs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * An {@link HttpClient} for the generated client that checks every exchange against the OpenAPI description
 * (Atlassian's swagger-request-validator) before handing the response on. The generated client ignores fields it
 * does not know and is lenient about types; this is what notices when an answer no longer fits its schema.
 */
final class CheckedExchanges extends HttpClient {

    private final HttpClient delegate = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final OpenApiInteractionValidator validator;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> checked = Collections.synchronizedList(new ArrayList<>());

    CheckedExchanges(String openApiJson) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(openApiJson).build();
    }

    /** Every exchange that did not fit the description, with the validator's messages. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Every exchange checked, as {@code METHOD path -> status}. */
    List<String> checked() {
        return List.copyOf(checked);
    }

    /** The validator's findings on one response, for a test that feeds it a doctored answer. */
    ValidationReport check(String method, String path, int status, String contentType, String body) {
        return validator.validateResponse(path, Request.Method.valueOf(method), SimpleResponse.Builder.status(status)
                .withContentType(contentType).withBody(body).build());
    }

    /** A builder the generated {@code ApiClient} accepts: whatever it sets, it builds this client. */
    HttpClient.Builder builder() {
        CheckedExchanges client = this;
        return new HttpClient.Builder() {
            @Override
            public HttpClient.Builder cookieHandler(CookieHandler handler) {
                return this;
            }

            @Override
            public HttpClient.Builder connectTimeout(Duration duration) {
                return this;
            }

            @Override
            public HttpClient.Builder sslContext(SSLContext context) {
                return this;
            }

            @Override
            public HttpClient.Builder sslParameters(SSLParameters parameters) {
                return this;
            }

            @Override
            public HttpClient.Builder executor(Executor executor) {
                return this;
            }

            @Override
            public HttpClient.Builder followRedirects(Redirect policy) {
                return this;
            }

            @Override
            public HttpClient.Builder version(HttpClient.Version version) {
                return this;
            }

            @Override
            public HttpClient.Builder priority(int priority) {
                return this;
            }

            @Override
            public HttpClient.Builder proxy(ProxySelector selector) {
                return this;
            }

            @Override
            public HttpClient.Builder authenticator(Authenticator authenticator) {
                return this;
            }

            @Override
            public HttpClient build() {
                return client;
            }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        byte[] requestBody = request.bodyPublisher().map(CheckedExchanges::bytes).orElse(new byte[0]);
        HttpResponse<byte[]> response = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        String where = request.method() + " " + request.uri().getPath() + " -> " + response.statusCode();
        checked.add(where);
        ValidationReport answer = validator.validateResponse(request.uri().getRawPath(), Request.Method.valueOf(request
                .method()), response(response));
        if (answer.hasErrors()) {
            problems.add(where + ": " + answer.getMessages());
        }
        // a request the description refuses is a test's deliberate mistake, unless the hub took it
        ValidationReport asked = validator.validateRequest(request(request, requestBody));
        if (asked.hasErrors() && response.statusCode() < 400) {
            problems.add(where + ", a request the description refuses: " + asked.getMessages());
        }
        return new Replayed<>(response, body(response, handler));
    }

    private static Request request(HttpRequest request, byte[] body) {
        SimpleRequest.Builder built = new SimpleRequest.Builder(request.method(), request.uri().getRawPath());
        request.headers().map().forEach(built::withHeader);
        String query = request.uri().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                built.withQueryParam(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        if (body.length > 0) {
            built.withBody(new String(body, StandardCharsets.UTF_8));
        }
        return built.build();
    }

    private static com.atlassian.oai.validator.model.Response response(HttpResponse<byte[]> response) {
        SimpleResponse.Builder built = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach(built::withHeader);
        if (response.body().length > 0) {
            built.withBody(new String(response.body(), StandardCharsets.UTF_8));
        }
        return built.build();
    }

    /** The bytes a request publisher would send. */
    private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        return done.join();
    }

    /** Hands the bytes already read to the caller's body handler. */
    private static <T> T body(HttpResponse<byte[]> response, HttpResponse.BodyHandler<T> handler) {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(response.body())));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    private record Replayed<T>(HttpResponse<byte[]> original, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return original.statusCode();
        }

        @Override
        public HttpRequest request() {
            return original.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return original.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return original.sslSession();
        }

        @Override
        public URI uri() {
            return original.uri();
        }

        @Override
        public HttpClient.Version version() {
            return original.version();
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the generated client's synchronous calls only");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> push) {
        throw new UnsupportedOperationException("the generated client's synchronous calls only");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public HttpClient.Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
