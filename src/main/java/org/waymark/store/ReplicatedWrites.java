package org.waymark.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * Writes the app acknowledges to a patient (a turn's transcript, an SMS's answer) reach a replica first. Redis
 * replicates asynchronously, so a primary that dies a moment after a write can take it with it when its replica
 * takes over; Redis's WAIT, sent on the same connection after the writes, holds the pipeline until
 * {@link RedisSettings#replicasToWaitFor()} replicas have them, for at most {@code waitTimeout}. On a cluster WAIT
 * goes to the node of each key given (each node counts only its own writes), so name one key per node written.
 *
 * <p>On a cluster it also checks that every node written to answered: Jedis's cluster pipeline does not fail
 * {@code sync()} when a node's connection breaks (a primary that just died), so without the check a turn whose
 * writes went nowhere would be acknowledged.
 *
 * <p>Past the time-out (a replica down or far behind) the write stands and the reply goes anyway: refusing every
 * turn while a replica is away would turn the loss of a spare into an outage. Such writes are counted in
 * {@value #UNREPLICATED} and logged at most once a minute.
 */
@Component
public class ReplicatedWrites {
    static final String UNREPLICATED = "waymark.redis.unreplicated.writes";
    private static final Logger log = LoggerFactory.getLogger(ReplicatedWrites.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final int replicas;
    private final boolean cluster;
    private final long timeoutMillis;
    private final Counter unreplicated;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    ReplicatedWrites(RedisSettings settings, ObjectProvider<MeterRegistry> registry) {
        this.replicas = settings.replicasToWaitFor();
        this.cluster = settings.cluster() != null;
        this.timeoutMillis = settings.waitTimeout().toMillis();
        MeterRegistry r = registry.getIfAvailable();
        this.unreplicated = r == null ? null : Counter.builder(UNREPLICATED)
                .description("acknowledged writes no replica confirmed within the wait").register(r);
    }

    /**
     * Sends the pipeline; where replicas are wanted, first asks each key's node to wait for them. On a cluster it
     * also fails (an outage: 503) when a node the writes went to did not answer, which Jedis's cluster pipeline
     * would let pass; on one server or Sentinel {@code sync()} fails by itself.
     */
    public void sync(AbstractPipeline pipeline, String... keysWritten) {
        if (replicas == 0 && !cluster) {
            pipeline.sync();
            return;
        }
        Set<String> keys = new LinkedHashSet<>(List.of(keysWritten));
        List<Response<Long>> acks = new ArrayList<>(keys.size());
        // WAIT 0 answers at once: on a cluster it still shows that each node took the writes before it
        keys.forEach(k -> acks.add(pipeline.waitReplicas(k, replicas, replicas == 0 ? 1 : timeoutMillis)));
        pipeline.sync();
        ClusterKeys.answered(acks.stream().filter(ReplicatedWrites::notAnError).toList());
        if (replicas == 0) {
            return;
        }
        long unconfirmed = acks.stream().filter(this::unconfirmed).count();
        if (unconfirmed > 0) {
            if (unreplicated != null) {
                unreplicated.increment(unconfirmed);
            }
            warn("A write no replica confirmed within {} ms (wanted {}): a primary lost now would take it with it. "
                    + "Is a replica down?", timeoutMillis, replicas);
        }
    }

    /** A refused WAIT is answered (an error reply): only an unanswered one means a node did not take the writes. */
    private static boolean notAnError(Response<Long> ack) {
        try {
            ack.get();
            return true;
        } catch (JedisRedirectionException moved) {
            return true; // not run: the slot moved
        } catch (JedisDataException refused) {
            return false;
        } catch (IllegalStateException unanswered) {
            return true;
        }
    }

    private boolean unconfirmed(Response<Long> ack) {
        try {
            return ack.get() < replicas;
        } catch (JedisDataException e) {
            // a Redis (or managed service) that refuses WAIT: the write stands, unconfirmed
            warn("Redis refused WAIT ({}): set REDIS_WAIT_REPLICAS=0 if it never allows it", e.getMessage());
            return true;
        }
    }

    private void warn(String message, Object... args) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn(message, args);
        }
    }
}
