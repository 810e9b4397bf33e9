package org.waymark.directory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.waymark.taxonomy.Need;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Many varied services spread over London, made from the demo ones, for timing matching at scale. */
final class SyntheticDirectory {
    static final String[] OUTCODES = {"E1", "E2", "E3", "E5", "E8", "E9", "E14", "E15", "E17", "N1", "N4", "N7",
        "N16", "N19", "NW1", "NW5", "NW6", "SE1", "SE5", "SE15", "SW2", "SW9", "W2", "W10", "EC1V", "WC1H"};
    static final String[] DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU", "MO,WE", "TU,TH", "MO,WE,FR"};
    static final String[] STATUSES = {"inactive", "defunct", "temporarily closed"};

    private SyntheticDirectory() {
    }

    static List<String> fill(ServiceStore store, PostcodeGeography geography, ObjectMapper json, int count,
                             LocalDate today, long seed) {
        ArrayNode demo = DemoServicesLoader.demoServices(json);
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(count);
        Need[] needs = Need.values();
        for (int i = 0; i < count; i++) {
            ObjectNode s = (ObjectNode) demo.get(i % demo.size()).deepCopy();
            s.remove(ServiceEdits.DAYS_SINCE_VERIFIED);
            String id = UUID.randomUUID().toString();
            s.put("id", id);
            s.put("name", s.path("name").asString() + " " + i);
            s.put("status", random.nextInt(10) == 0 ? STATUSES[random.nextInt(3)] : "active");
            s.put("assured_date", today.minusDays(random.nextInt(10) < 8 ? random.nextInt(150)
                    : 200 + random.nextInt(300)).toString());
            PostcodeGeography.Point p = geography.locate(OUTCODES[random.nextInt(OUTCODES.length)]).orElseThrow();
            ObjectNode location = (ObjectNode) s.path("service_at_locations").get(0).path("location");
            location.put("latitude", p.lat() + (random.nextDouble() - 0.5) * 0.02);
            location.put("longitude", p.lon() + (random.nextDouble() - 0.5) * 0.03);
            ObjectNode schedule = (ObjectNode) s.path("schedules").get(0);
            schedule.put("byday", DAYS[random.nextInt(DAYS.length)]);
            int opens = 8 + random.nextInt(11);
            schedule.put("opens_at", String.format("%02d:00", opens));
            schedule.put("closes_at", String.format("%02d:30", opens + 1 + random.nextInt(2)));
            ArrayNode attributes = s.putArray("attributes");
            for (Need n : new Need[] {needs[random.nextInt(needs.length)], needs[random.nextInt(needs.length)]}) {
                ObjectNode a = attributes.addObject();
                a.put("id", UUID.randomUUID().toString());
                ObjectNode term = a.putObject("taxonomy_term");
                term.put("id", OrukMapping.termId(n));
                term.put("name", n.code());
                term.put("description", n.plainWords());
                term.put("taxonomy", OrukMapping.NEEDS_TAXONOMY);
            }
            ids.add(store.save(s).id());
        }
        return ids;
    }
}
