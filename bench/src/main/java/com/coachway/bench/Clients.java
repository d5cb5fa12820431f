package com.coachway.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** A fixed number of client threads working through numbered jobs, each thread taking the next number. */
final class Clients {

    private Clients() {
    }

    /** Runs jobs {@code 0 .. jobs - 1} on {@code clients} threads and returns when all are done. */
    static void run(int clients, int jobs, IntConsumer job) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < jobs) {
                    job.accept(i);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
    }
}
