package org.waymark.messaging;

import java.util.List;

/** An activity as a chat message carries it: {@code {"id","name","needs","distanceKm","when","cost","why"}}. */
public record ActivityCard(String id, String name, List<String> needs, Double distanceKm, String when, String cost,
                           String why) {
}
