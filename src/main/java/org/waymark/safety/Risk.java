package org.waymark.safety;

/**
 * The risk one message shows. {@code category} is null when the level is {@code NONE} and there is no check or
 * {@link #history} note;
 * {@code cue} is the words that raised it (kept out of logs).
 *
 * <p>{@code check} is the band between none and urgent: a net is unsure, and the bot should ask plainly ("Are you
 * safe right now?", or the category's own question) before it gives the crisis reply. A check carries level
 * {@code NONE} and the category the net leans to, so {@link #risky()} (which the conversation reads as "give the
 * crisis reply") stays false for it.
 *
 * <p>{@code held} is {@code NONE} but on a {@link #tempered} check: the crisis level the patterns read in a message
 * the learned nets read as no risk at all, asked about instead of alarmed on. Where the bot cannot ask (a person has
 * the conversation) or the words are read with the patient's last few messages, {@link #untempered} is the crisis.
 */
public record Risk(RiskLevel level, RiskCategory category, String cue, boolean check, RiskLevel held) {
    public static final Risk NONE = new Risk(RiskLevel.NONE, null, null, false);

    public Risk {
        if (check && (level != RiskLevel.NONE || category == null)) {
            throw new IllegalArgumentException("a check has level NONE and a category");
        }
        if (held == null || held != RiskLevel.NONE && !check) {
            throw new IllegalArgumentException("only a check holds back a crisis level");
        }
    }

    public Risk(RiskLevel level, RiskCategory category, String cue, boolean check) {
        this(level, category, cue, check, RiskLevel.NONE);
    }

    public Risk(RiskLevel level, RiskCategory category, String cue) {
        this(level, category, cue, false);
    }

    /**
     * The check question in place of the patterns' crisis {@code level} in {@code category}, where the nets read the
     * message as no risk (the cue is the patterns').
     */
    static Risk tempered(RiskLevel level, RiskCategory category, String cue) {
        if (level == RiskLevel.NONE) {
            throw new IllegalArgumentException("only a crisis is tempered");
        }
        return new Risk(RiskLevel.NONE, category, cue, true, level);
    }

    /** A check asked in place of the patterns' crisis ({@link #tempered}). */
    public boolean tempered() {
        return held != RiskLevel.NONE;
    }

    /** The patterns' crisis a {@link #tempered} check holds back; any other risk as it is. */
    public Risk untempered() {
        return tempered() ? new Risk(held, category, cue) : this;
    }

    /** The same with another cue. */
    Risk withCue(String newCue) {
        return new Risk(level, category, newCue, check, held);
    }

    /** A check question for a risk the nets are unsure of, in the category they lean to. */
    public static Risk check(RiskCategory category, String cue) {
        return new Risk(RiskLevel.NONE, category, cue, true);
    }

    /** The cue of a {@link #history} note. */
    public static final String HISTORY_CUE = "history";

    /**
     * A risk the patient says is past and over ("self harmed as a teenager, fine now"): no crisis reply and no
     * question, but the link worker's summary notes it. Level {@code NONE}, the category, cue {@link #HISTORY_CUE}.
     */
    public static Risk history(RiskCategory category) {
        return new Risk(RiskLevel.NONE, category, HISTORY_CUE, false);
    }

    /** A {@link #history} note. */
    public boolean history() {
        return !check && level == RiskLevel.NONE && category != null;
    }

    /** The crisis reply is due: urgent or emergency. */
    public boolean risky() {
        return level != RiskLevel.NONE;
    }

    /**
     * The more serious of two answers: emergency over urgent over a check over none; the first on a tie. Either may
     * be null (the other is returned). For judging a message alone and with the patient's last few: a check on
     * either must not be lost.
     */
    public static Risk moreSerious(Risk a, Risk b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.rank() > a.rank() ? b : a;
    }

    private int rank() {
        return risky() ? 1 + level.ordinal() : check ? 1 : 0;
    }

    /** {@code none}, {@code check}, {@code urgent} or {@code emergency}: what {@code POST /api/nlu/parse} reports. */
    public String band() {
        return check ? "check" : level.code();
    }
}
