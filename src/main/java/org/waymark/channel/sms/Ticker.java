package org.waymark.channel.sms;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread running a task again and again, a fixed delay apart, from the app's start to its stop; a round
 * that fails is logged and the next one runs.
 */
final class Ticker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Ticker.class);

    private final String name;
    private final long firstMillis;
    private final long everyMillis;
    private final Runnable task;
    private ScheduledExecutorService worker;

    Ticker(String name, long firstMillis, long everyMillis, Runnable task) {
        this.name = name;
        this.firstMillis = firstMillis;
        this.everyMillis = everyMillis;
        this.task = task;
    }

    @Override
    public synchronized void start() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} round failed: {}", name, e.toString());
            }
        }, firstMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return worker != null;
    }
}
