package org.invitedesk.service.send;

import org.invitedesk.mail.MailSettings;

import java.util.Locale;

/** The relay's quotas in words, and how long a send will take under them. */
public final class Quotas {
    private Quotas() { }

    /** "30 a minute", "5 a second", "1 every 4 minutes"... */
    public static String rateInWords(double perSecond) {
        if (perSecond >= 1) return fmt(perSecond) + " a second";
        double perMinute = perSecond * 60;
        if (perMinute >= 1) return fmt(perMinute) + " a minute";
        return fmt(perMinute * 60) + " an hour";
    }

    /**
     * How long {@code recipients} take under the rate and the daily limit (as if the whole daily
     * limit were free now), e.g. "about 2 days 6 hours at 30 a minute, 10,000 a day"; null when
     * the relay has no quota (the time then depends on the server).
     */
    public static String estimate(long recipients, MailSettings mail) {
        double rate = mail.ratePerSecond();
        int daily = mail.dailyLimit();
        if (rate <= 0 && daily <= 0 || recipients <= 0) return null;
        double seconds;
        if (daily > 0 && recipients > daily) {
            long fullDays = (recipients - 1) / daily;
            long last = recipients - fullDays * daily;
            seconds = fullDays * 86_400.0 + (rate > 0 ? last / rate : 0);
        } else {
            seconds = rate > 0 ? recipients / rate : 0;
        }
        StringBuilder how = new StringBuilder();
        if (rate > 0) how.append(rateInWords(rate));
        if (daily > 0) how.append(how.length() > 0 ? ", " : "").append(String.format(Locale.ENGLISH, "%,d a day", daily));
        return (seconds < 60 ? "under a minute" : "about " + duration(seconds)) + " at " + how;
    }

    static String duration(double seconds) {
        long mins = Math.round(seconds / 60);
        long days = mins / 1440, hours = (mins % 1440) / 60, m = mins % 60;
        if (days > 0) return days + (days == 1 ? " day" : " days") + (hours > 0 ? " " + hours + (hours == 1 ? " hour" : " hours") : "");
        if (hours > 0) return hours + (hours == 1 ? " hour" : " hours") + (m > 0 ? " " + m + " min" : "");
        return m + " min";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.format(Locale.ENGLISH, "%,d", (long) d) : String.format(Locale.ENGLISH, "%.1f", d);
    }
}
