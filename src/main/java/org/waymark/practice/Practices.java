package org.waymark.practice;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.waymark.taxonomy.Availability;

/** The practices this deployment serves, from {@code waymark.practices} in config. The first is the default. */
public final class Practices {
    private final Map<String, Practice> byId = new LinkedHashMap<>();

    public Practices(List<Practice> practices) {
        if (practices.isEmpty()) {
            throw new IllegalStateException("waymark.practices must name at least one practice");
        }
        practices.forEach(p -> byId.put(p.id(), p));
    }

    public Practice defaultPractice() {
        return byId.values().iterator().next();
    }

    public Optional<Practice> byId(String id) {
        return Optional.ofNullable(id).map(byId::get);
    }

    public Optional<Practice> bySmsNumber(String number) {
        return byId.values().stream().filter(p -> org.waymark.messaging.PhoneNumbers.same(p.smsNumber(), number)).findFirst();
    }

    public List<Practice> all() {
        return List.copyOf(byId.values());
    }

    @ConfigurationProperties("waymark")
    record PracticeSettings(List<PracticeEntry> practices) {
    }

    record PracticeEntry(String id, String name, String smsNumber, String phone, List<String> openingHours,
                         Boolean ons4, Integer recordDays) {
        Practice toPractice() {
            List<Practice.OpeningHours> hours = openingHours == null ? List.of()
                    : openingHours.stream().map(PracticeEntry::hours).toList();
            return new Practice(id, name, smsNumber, phone, hours, Boolean.TRUE.equals(ons4),
                    recordDays == null ? 365 : recordDays);
        }

        /** "MO-FR 09:00-17:00" or "SA 10:00-12:00". */
        private static Practice.OpeningHours hours(String spec) {
            String[] parts = spec.trim().split("\\s+");
            String[] days = parts[0].split("-");
            String[] times = parts[1].split("-");
            DayOfWeek first = dayOf(days[0]);
            DayOfWeek last = days.length > 1 ? dayOf(days[1]) : first;
            List<DayOfWeek> list = new java.util.ArrayList<>();
            for (int d = first.getValue(); d <= last.getValue(); d++) {
                list.add(DayOfWeek.of(d));
            }
            return new Practice.OpeningHours(list, LocalTime.parse(times[0]), LocalTime.parse(times[1]));
        }

        private static DayOfWeek dayOf(String code) {
            DayOfWeek day = Availability.dayOf(code);
            if (day == null) {
                throw new IllegalArgumentException("Unknown day '" + code + "' in opening hours");
            }
            return day;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PracticeSettings.class)
    static class PracticeConfiguration {
        @Bean
        Practices practices(PracticeSettings settings) {
            List<PracticeEntry> entries = settings.practices() == null ? List.of() : settings.practices();
            return new Practices(entries.stream().map(PracticeEntry::toPractice).toList());
        }
    }
}
