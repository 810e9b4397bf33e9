package org.waymark.followup;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param days         the check-in goes this many days after a referral ({@code WAYMARK_FOLLOWUP_DAYS}, 14)
 * @param reminderDays with no answer, one reminder this many days later ({@code WAYMARK_FOLLOWUP_REMINDER_DAYS}, 3)
 * @param giveUpDays   with still no answer, "could not reach" this many days after the reminder
 *                     ({@code WAYMARK_FOLLOWUP_GIVE_UP_DAYS}, 4)
 * @param quietFrom    no SMS from this local time ({@code WAYMARK_FOLLOWUP_QUIET_FROM}, 21:00)
 * @param quietUntil   ... until this one ({@code WAYMARK_FOLLOWUP_QUIET_UNTIL}, 08:00)
 * @param zone         the practices' time zone ({@code WAYMARK_FOLLOWUP_ZONE}, Europe/London)
 * @param poll         how often each node looks for follow-ups due ({@code WAYMARK_FOLLOWUP_POLL}, 1 minute)
 */
@ConfigurationProperties("waymark.followup")
record FollowUpSettings(int days, int reminderDays, int giveUpDays, LocalTime quietFrom, LocalTime quietUntil,
                        ZoneId zone, Duration poll) {
    FollowUpSettings {
        days = days <= 0 ? 14 : days;
        reminderDays = reminderDays <= 0 ? 3 : reminderDays;
        giveUpDays = giveUpDays <= 0 ? 4 : giveUpDays;
        quietFrom = quietFrom == null ? LocalTime.of(21, 0) : quietFrom;
        quietUntil = quietUntil == null ? LocalTime.of(8, 0) : quietUntil;
        zone = zone == null ? ZoneId.of("Europe/London") : zone;
        poll = poll == null ? Duration.ofMinutes(1) : poll;
    }
}
