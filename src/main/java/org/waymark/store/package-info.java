/**
 * Redis wiring: one {@link redis.clients.jedis.UnifiedJedis} bean from {@code REDIS_URL}, or an embedded Redis
 * when none is given. Each feature module owns its own key names (all under the {@code wm:} prefix).
 */
package org.waymark.store;
