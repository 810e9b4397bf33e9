/**
 * Domain figures for {@code /actuator/prometheus} (an administrator's sign-in): turns by channel, conversations
 * started, risk flags by level and category, handoffs opened and claimed and how long they waited. Counted from the
 * events the modules already publish (and, for turns, from the two routes patients write to); nothing else depends
 * on this package. Counts and durations only: no words, numbers or ids. The SMS figures are the SMS channel's own
 * ({@code waymark.sms.*}), the directory's stale count the directory's ({@code waymark.directory.stale}).
 */
package org.waymark.metrics;
