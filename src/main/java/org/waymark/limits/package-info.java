/**
 * Limits every node shares: rate limits as Bucket4j token buckets kept in Redis ({@link RateLimits}, answered as
 * 429 problem details with {@code Retry-After} through {@link RateLimited}), the client address they are counted by
 * ({@link ClientAddress}), and the request body cap at the HTTP layer (413 before a body is read whole). Depends on
 * {@code store} only; each feature names and configures its own limits.
 */
package org.waymark.limits;
