package org.waymark.directory;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.waymark.taxonomy.Availability;
import org.waymark.taxonomy.Need;

/** What a link worker types to add or edit an activity. */
record ServiceForm(String name, String organisation, String description, String address, String postcode,
                   List<String> days, String opens, String closes, String cost, String accessibility,
                   String languages, String contact, List<String> needs, String status) {

    ServiceForm {
        days = days == null ? List.of() : List.copyOf(days);
        needs = needs == null ? List.of() : List.copyOf(needs);
    }

    static ServiceForm empty() {
        return new ServiceForm("", "", "", "", "", List.of(), "", "", "", "", "English", "", List.of(), "active");
    }

    /** One problem with a field, for the error summary and the field itself. */
    record Problem(String field, String message) {
    }

    List<Problem> problems(PostcodeGeography geography) {
        List<Problem> out = new ArrayList<>();
        if (blank(name)) {
            out.add(new Problem("name", "Enter the name of the activity"));
        } else if (name.length() > 120) {
            out.add(new Problem("name", "Name must be 120 characters or fewer"));
        }
        if (blank(organisation)) {
            out.add(new Problem("organisation", "Enter the organisation that runs it"));
        }
        if (blank(postcode) || geography.normalise(postcode).isEmpty()) {
            out.add(new Problem("postcode", "Enter a London postcode, like E1 6AN"));
        }
        if (needs.isEmpty() || needs.stream().anyMatch(n -> Need.fromCode(n).isEmpty())) {
            out.add(new Problem("needs", "Choose at least one need it helps with"));
        }
        if (days.stream().anyMatch(d -> Availability.dayOf(d) == null)) {
            out.add(new Problem("days", "Choose days from the list"));
        }
        Optional<LocalTime> o = time(opens);
        Optional<LocalTime> c = time(closes);
        if (!blank(opens) && o.isEmpty()) {
            out.add(new Problem("opens", "Enter the start time like 10:00"));
        }
        if (!blank(closes) && c.isEmpty()) {
            out.add(new Problem("closes", "Enter the end time like 12:00"));
        }
        if (o.isPresent() && c.isPresent() && !c.get().isAfter(o.get())) {
            out.add(new Problem("closes", "End time must be after the start time"));
        }
        if (!days.isEmpty() && o.isEmpty()) {
            out.add(new Problem("opens", "Enter the start time for the days chosen"));
        }
        if (!blank(cost) && amount().isEmpty()) {
            out.add(new Problem("cost", "Enter the cost in pounds, like 3 or 2.50, or leave it empty if free"));
        }
        if (status == null || !OrukMapping.STATUSES.contains(status)) {
            out.add(new Problem("status", "Choose a status"));
        }
        return out;
    }

    Optional<BigDecimal> amount() {
        if (blank(cost)) {
            return Optional.of(BigDecimal.ZERO);
        }
        try {
            BigDecimal v = new BigDecimal(cost.trim().replace("£", ""));
            return v.signum() < 0 ? Optional.empty() : Optional.of(v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<LocalTime> time(String text) {
        return blank(text) ? Optional.empty() : Optional.ofNullable(OrukMapping.time(text.trim()));
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
