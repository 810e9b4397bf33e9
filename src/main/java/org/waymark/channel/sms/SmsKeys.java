package org.waymark.channel.sms;

/** Redis key names of this module; tests give their own prefix so they share one Redis without meeting. */
record SmsKeys(String prefix) {
    static final SmsKeys DEFAULT = new SmsKeys("wm:sms:");

    String messageSid(String sid) {
        return prefix + "sid:" + sid;
    }

    String optOut(String number) {
        return prefix + "optout:" + number;
    }

    String segments(String sessionId) {
        return prefix + "segments:" + sessionId;
    }

    String message(String id) {
        return prefix + "msg:" + id;
    }

    String twilioSid(String sid) {
        return prefix + "twsid:" + sid;
    }

    String outbox() {
        return prefix + "outbox";
    }

    String failed() {
        return prefix + "failed";
    }

    String simulatorThread(String number) {
        return prefix + "sim:" + number;
    }
}
