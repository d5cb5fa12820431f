package com.coachway.hub.outbound;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The first bytes of a destination's answer, as text; the rest is never read, and what has come when the patience
 * runs out is all there is. The hub keeps only an answer's status and a clipped start of its body, so a destination
 * that answers with gigabytes, or with a trickle that never ends, must not fill the heap or hold a push consumer (the
 * request's own timeout ends when the status line arrives).
 */
final class AnswerStart implements HttpResponse.BodySubscriber<String> {

    private final int max;
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private final CompletableFuture<String> text = new CompletableFuture<>();
    private final CompletionStage<String> body;
    private volatile Flow.Subscription subscription;

    private AnswerStart(int max, Duration patience) {
        this.max = max;
        // the text only ever fails by timing out; orTimeout drops its timer when the text completes first
        this.body = text.orTimeout(patience.toMillis(), TimeUnit.MILLISECONDS).exceptionally(timedOut -> {
            cancel();
            return sofar();
        });
    }

    /** Reads at most {@code max} bytes of each answer, for at most {@code patience} after its status line. */
    static HttpResponse.BodyHandler<String> upTo(int max, Duration patience) {
        return info -> new AnswerStart(max, patience);
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), max - read.size());
            byte[] bytes = new byte[take];
            buffer.get(bytes);
            read.write(bytes, 0, take);
        }
        if (read.size() >= max) {
            stop();
        } else {
            subscription.request(1);
        }
    }

    private void stop() {
        cancel();
        finish();
    }

    private void cancel() {
        Flow.Subscription reading = subscription;
        if (reading != null) {
            reading.cancel(); // closes the connection: the rest of the answer is not wanted
        }
    }

    @Override
    public void onError(Throwable failure) {
        // the status line has come, and it decides; what came of the body before it broke still tells ops something
        finish();
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        text.complete(sofar());
    }

    private String sofar() {
        // a multi-byte character cut at the limit becomes one replacement character
        return read.toString(StandardCharsets.UTF_8);
    }
}
