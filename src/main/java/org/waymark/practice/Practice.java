package org.waymark.practice;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

/**
 * A GP practice using Waymark.
 *
 * @param id           short id used in URLs and keys ("riverside")
 * @param name         shown to patients
 * @param smsNumber    the practice's Twilio number in E.164, selects the practice for inbound SMS
 * @param phone        the reception number patients can call
 * @param openingHours when link workers are about
 * @param ons4         whether the ONS4 wellbeing questions are asked
 * @param recordDays   how long referral records are kept
 */
public record Practice(String id, String name, String smsNumber, String phone, List<OpeningHours> openingHours,
                       boolean ons4, int recordDays) {

    public record OpeningHours(List<DayOfWeek> days, LocalTime opens, LocalTime closes) {
    }
}
