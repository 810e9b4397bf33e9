package org.waymark.directory;

/** What a patient needs to go along: everything short enough for a text. */
public record ActivityDetails(String id, String name, String description, String organisation, String address,
                              String postcode, String when, String cost, String contact, String accessibility) {
}
