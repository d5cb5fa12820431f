package com.coachway.hub.apidocs;

import java.util.function.Supplier;

/**
 * A document built at its first use, once: the routes and the security chain it reads exist only after the context
 * has started, and nothing it reads changes afterwards.
 */
final class Once<T> implements Supplier<T> {

    private final Supplier<T> build;
    private volatile T value;

    Once(Supplier<T> build) {
        this.build = build;
    }

    @Override
    public T get() {
        T built = value;
        if (built == null) {
            synchronized (this) {
                if (value == null) {
                    value = build.get();
                }
                built = value;
            }
        }
        return built;
    }
}
