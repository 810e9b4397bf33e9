package org.waymark.review;

import java.time.Instant;
import java.util.List;

import org.waymark.messaging.Channel;

/**
 * One patient message as the bot understood it, kept for review.
 *
 * @param id       the transcript message id of the patient's words
 * @param address  the patient's address, never shown: pages and the API show {@link #patient()}, masked
 * @param reasons  why it is in the queue: unsure, menu, out_of_scope, check, tempered (a check asked in place of
 *                  the rules' crisis), outcome, flagged; empty if not queued
 */
public record ReviewItem(String id, String practice, String sessionId, Channel channel, String address, String text,
                  String intent, List<String> needs, String riskCategory, String riskLevel, List<String> reasons,
                  Instant at, String flaggedBy) {
    public ReviewItem {
        needs = needs == null ? List.of() : List.copyOf(needs);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public String patient() {
        return org.waymark.handoff.PatientReference.mask(channel, address);
    }

    ReviewItem because(String reason, String by) {
        if (reasons.contains(reason)) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(reasons);
        more.add(reason);
        return new ReviewItem(id, practice, sessionId, channel, address, text, intent, needs, riskCategory,
                riskLevel, more, at, by != null ? by : flaggedBy);
    }
}
