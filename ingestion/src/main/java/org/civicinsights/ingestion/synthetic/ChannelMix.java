package org.civicinsights.ingestion.synthetic;

import org.civicinsights.common.event.Channel;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;

/**
 * How likely an interaction starts on each channel at a given moment: a base share per channel
 * (different for residents and for city users), a drift over the period and a profile by hour and
 * kind of day, all in Rome local time.
 *
 * <ul>
 *   <li><b>Drift</b>: over the period the portal, the IO app and the chatbot grow (up to +45 %)
 *   while the contact centre and the front offices shrink (down to -30 %), the channel shift the
 *   city is pursuing.</li>
 *   <li><b>Hours</b>: the contact centre (060606) answers 24/7 but is quiet at night and peaks
 *   mid-morning; front offices are open only on working days, 8:30-17:00; the portal, IO and the
 *   chatbot peak in the evening; e-mail and PEC follow office hours with long tails; social
 *   messages peak in the evening; street reports are sent in daylight.</li>
 *   <li><b>Days</b>: Saturdays and Sundays/holidays are quieter, more so for assisted channels.</li>
 * </ul>
 */
public final class ChannelMix {
    private static final Channel[] CHANNELS = Channel.values();
    private static final int OPEN_MINUTE = RomeCalendar.OFFICE_OPEN.toSecondOfDay() / 60;
    private static final int CLOSE_MINUTE = RomeCalendar.OFFICE_CLOSE.toSecondOfDay() / 60;

    private static final double[] OFFICE = {
        .04, .02, .015, .01, .01, .02, .06, .20, .60, .95, 1.0, .95, .80, .60, .70, .80, .75, .60, .45, .30, .20, .14,
        .10, .07
    };
    private static final double[] COUNTER = {
        0, 0, 0, 0, 0, 0, 0, 0, .90, 1.0, 1.0, .95, .80, .55, .65, .65, .55, 0, 0, 0, 0, 0, 0, 0
    };
    private static final double[] DIGITAL = {
        .08, .04, .02, .015, .015, .03, .10, .30, .60, .80, .90, .90, .80, .75, .80, .85, .85, .85, .90, .95, 1.0, .85,
        .55, .25
    };
    private static final double[] MAIL = {
        .05, .03, .02, .02, .02, .04, .10, .30, .70, 1.0, 1.0, .95, .80, .65, .75, .85, .80, .65, .50, .40, .35, .30,
        .20, .10
    };
    private static final double[] SOCIAL = {
        .10, .05, .03, .02, .02, .03, .08, .25, .45, .60, .65, .65, .65, .60, .60, .65, .70, .75, .85, .95, 1.0, .90,
        .60, .30
    };
    private static final double[] STREET = {
        .03, .02, .01, .01, .01, .03, .15, .50, .85, 1.0, 1.0, .95, .85, .75, .75, .80, .85, .85, .80, .65, .45, .30,
        .15, .07
    };

    /** Base shares at the start of the period, by channel ordinal. */
    private static final double[] RESIDENT_BASE = new double[CHANNELS.length];

    private static final double[] VISITOR_BASE = new double[CHANNELS.length];

    static {
        // shares of new interactions (episodes); digital episodes carry more events each (an online
        // procedure, its case, payment and IO messages), so the shares of events differ
        base(Channel.CONTACT_CENTRE, .66, .60);
        base(Channel.FRONT_OFFICE, .70, .08);
        base(Channel.EMAIL, .09, .07);
        base(Channel.PEC, .075, 0);
        base(Channel.SOCIAL, .02, .08);
        base(Channel.PORTAL, .15, .20);
        base(Channel.APP_IO, .09, 0);
        base(Channel.CHATBOT, .07, .20);
        base(Channel.STREET_REPORT, .072, .10);
    }

    private static void base(Channel c, double resident, double visitor) {
        RESIDENT_BASE[c.ordinal()] = resident;
        VISITOR_BASE[c.ordinal()] = visitor;
    }

    private ChannelMix() {}

    /**
     * Relative intensity of new interactions on the channel.
     *
     * @param visitor     true for city users and tourists, false for residents
     * @param progress    0 at the start of the period, 1 at its end
     * @param minuteOfDay local minute 0..1439
     */
    public static double intensity(Channel channel, boolean visitor, double progress, DayKind kind, int minuteOfDay) {
        double base = (visitor ? VISITOR_BASE : RESIDENT_BASE)[channel.ordinal()];
        if (base == 0) {
            return 0;
        }
        return base * drift(channel, progress) * profile(channel, kind, minuteOfDay);
    }

    /** Multiplier of the channel's share at the given point of the period. */
    public static double drift(Channel channel, double progress) {
        return switch (channel) {
            case PORTAL, APP_IO, CHATBOT -> 1 + 0.45 * progress;
            case CONTACT_CENTRE, FRONT_OFFICE -> 1 - 0.30 * progress;
            default -> 1;
        };
    }

    /** Hour-of-day and day-kind profile, 0..1 (1 at the busiest hour of a working day). */
    public static double profile(Channel channel, DayKind kind, int minuteOfDay) {
        if (channel == Channel.FRONT_OFFICE) {
            if (kind != DayKind.WORKDAY || minuteOfDay < OPEN_MINUTE || minuteOfDay >= CLOSE_MINUTE) {
                return 0;
            }
            return hourly(COUNTER, minuteOfDay);
        }
        double[] shape = switch (channel) {
            case CONTACT_CENTRE -> OFFICE;
            case EMAIL, PEC -> MAIL;
            case SOCIAL -> SOCIAL;
            case STREET_REPORT -> STREET;
            default -> DIGITAL;
        };
        return hourly(shape, minuteOfDay) * dayFactor(channel, kind);
    }

    private static double dayFactor(Channel channel, DayKind kind) {
        if (kind == DayKind.WORKDAY) {
            return 1;
        }
        boolean saturday = kind == DayKind.SATURDAY;
        return switch (channel) {
            case CONTACT_CENTRE -> saturday ? .45 : .30;
            case EMAIL -> saturday ? .35 : .25;
            case PEC -> saturday ? .20 : .10;
            case SOCIAL -> .90;
            case PORTAL, CHATBOT -> saturday ? .60 : .50;
            case APP_IO -> saturday ? .65 : .55;
            case STREET_REPORT -> saturday ? .80 : .65;
            case FRONT_OFFICE -> 0;
        };
    }

    /** Linear interpolation of an hourly shape at minute resolution. */
    private static double hourly(double[] shape, int minuteOfDay) {
        int hour = minuteOfDay / 60;
        double frac = (minuteOfDay % 60) / 60.0;
        double next = shape[(hour + 1) % 24];
        if (shape == COUNTER && next == 0) {
            next = shape[hour]; // no ramp down inside the last opening hour
        }
        return shape[hour] + (next - shape[hour]) * frac;
    }
}
