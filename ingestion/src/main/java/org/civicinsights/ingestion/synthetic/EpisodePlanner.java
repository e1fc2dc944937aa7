package org.civicinsights.ingestion.synthetic;

import static org.civicinsights.ingestion.synthetic.Randoms.between;
import static org.civicinsights.ingestion.synthetic.Randoms.chance;
import static org.civicinsights.ingestion.synthetic.Randoms.lognormal;

import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.civicinsights.common.catalogue.CityService;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.ingestion.synthetic.FeedbackModel.Answer;
import org.civicinsights.ingestion.synthetic.FeedbackModel.Cause;
import org.civicinsights.ingestion.synthetic.FeedbackModel.Context;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;

/**
 * Plans what follows from one interaction that starts on a channel: all its events, with their
 * times, in one {@link Episode.Builder}. Events are planned without id and time; the simulation
 * sets both when it emits them.
 *
 * <ul>
 *   <li><b>Contact centre</b>: a call (event at its end) with a wait that grows with the load of
 *   the hour; the longer the wait, the more callers hang up ({@code abandoned}, handle 0, no
 *   operator). Answered calls get an operator, a handle time and an outcome; some open a case,
 *   some are followed by the post-call survey.</li>
 *   <li><b>Front office</b>: a visit with ticket-queue wait and handling; may open a case, be paid at
 *   the counter (POS) or rated at the exit kiosk. Follow-ups stay within opening hours.</li>
 *   <li><b>E-mail / PEC</b>: an answered message, or a formal application that becomes a case (PEC
 *   mostly).</li>
 *   <li><b>Chatbot / social</b>: a chat answered by the bot, escalated to an operator or not
 *   understood; social messages are answered by the social media team and some street reports
 *   arrive that way. City users on the chatbot and the portal read knowledge articles.</li>
 *   <li><b>Portal / IO</b>: online procedures started and completed (possibly opening a case and
 *   followed by a PagoPA payment) or abandoned (more often by less digital residents); payments of
 *   notices; IO messages sent and opened.</li>
 *   <li><b>Street reports</b>: a case with coordinates in the reporter's municipio.</li>
 * </ul>
 *
 * <p>Case lifecycle: {@code case_opened}, usually {@code case_status_changed} (taken in charge),
 * sometimes {@code case_suspended}/{@code case_resumed} (documents requested; the deadline clock
 * stops), {@code case_resolved} and {@code case_closed}; a few are withdrawn, a few reopened
 * (more if rejected or, for street reports, late). The resolution time divided by the service's
 * legal deadline is log-normal (median about 0.5, sigma 0.6) so about 15 % of cases breach the
 * deadline; back-office steps happen in office hours on working days, and the deadline counts
 * working or calendar days as the catalogue says (30 calendar days, the L. 241/1990 default, when
 * no service is known). Residents are told of the outcome on IO (or by e-mail) and some rate the
 * case; breaches, rejections and reopenings lower the scores.
 */
public final class EpisodePlanner {
    /** Log-normal parameters of resolution time / legal deadline. */
    static final double RESOLUTION_MU = -0.62;

    static final double RESOLUTION_SIGMA = 0.60;

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    private final ServiceMenu menu;
    private final SplittableRandom rng;
    private final LocalDate firstDay;
    private final TreeMap<Integer, Integer> caseCounters = new TreeMap<>();

    public EpisodePlanner(ServiceMenu menu, SplittableRandom rng, LocalDate firstDay) {
        this.menu = menu;
        this.rng = rng;
        this.firstDay = firstDay;
    }

    /** What a planned case turned out to be (for tests and statistics). */
    public record PlannedCase(
            String caseId,
            long openedAt,
            long deadlineEnd,
            long resolvedAt,
            boolean breached,
            boolean withdrawn,
            boolean suspended,
            boolean reopened) {}

    /**
     * Plans the episode started by {@code actor} on {@code channel} at {@code start} (epoch second;
     * its first event is at {@code start}).
     */
    public Episode.Builder plan(Actor actor, Channel channel, long start, DayKind kind, int minuteOfDay) {
        Episode.Builder b = new Episode.Builder();
        boolean visitor = !actor.authenticated();
        switch (channel) {
            case CONTACT_CENTRE -> call(b, actor, start, ChannelMix.profile(channel, kind, minuteOfDay));
            case FRONT_OFFICE -> visit(b, actor, start, ChannelMix.profile(channel, kind, minuteOfDay));
            case EMAIL, PEC -> mail(b, actor, channel, start);
            case SOCIAL -> social(b, actor, start);
            case CHATBOT -> {
                if (visitor && chance(rng, 0.55)) {
                    knowledge(b, actor, channel, start);
                } else {
                    chatbot(b, actor, start);
                }
            }
            case PORTAL, APP_IO -> {
                if (visitor) {
                    knowledge(b, actor, Channel.PORTAL, start);
                } else {
                    selfService(b, actor, channel, start);
                }
            }
            case STREET_REPORT -> streetReport(b, actor, channel, start);
        }
        return b;
    }

    // ---------------------------------------------------------------- contacts

    private void call(Episode.Builder b, Actor actor, long end, double load) {
        boolean visitor = !actor.authenticated();
        CityService s = chance(rng, 0.8) ? menu.pick(Channel.CONTACT_CENTRE, visitor, ServiceMenu.Need.ANY, rng) : null;
        Integer municipio = actor.municipioOrNull();
        int wait = (int) Math.min(45 * MINUTE, lognormal(rng, 25 + 150 * load, 0.8));
        InteractionEvent call =
                event(actor, EventType.CONTACT_CALL, Channel.CONTACT_CENTRE, s, municipio, "contact-centre");
        call.waitSeconds = wait;
        if (chance(rng, 0.02 + 0.55 * (1 - Math.exp(-wait / 900.0)))) {
            call.handleSeconds = 0;
            call.outcome = "abandoned";
            b.add(end, call);
            return;
        }
        int handle = (int) Math.max(20, Math.min(HOUR, lognormal(rng, 240, 0.6)));
        String operator = "op-" + (1000 + rng.nextInt(180));
        boolean caseable = s != null && !ServiceMenu.instant(s) && (!visitor || ServiceMenu.streetReport(s));
        String outcome;
        if (caseable && chance(rng, 0.18)) {
            outcome = "case_opened";
        } else {
            double r = rng.nextDouble();
            outcome = r < 0.58
                    ? "resolved_first_contact"
                    : r < 0.83 ? "information_given" : r < 0.93 ? "transferred" : "callback";
        }
        call.handleSeconds = handle;
        call.operatorId = operator;
        call.outcome = outcome;
        b.add(end, call);
        if (outcome.equals("case_opened")) {
            PlannedCase c = planCase(
                    b, actor, s, Channel.CONTACT_CENTRE, end + between(rng, MINUTE, 10 * MINUTE), municipio, operator);
            call.caseId = c.caseId();
        }
        if (chance(rng, 0.15)) {
            double satisfaction = 0.82
                    - 0.45 * Math.min(1, wait / 900.0)
                    - (outcome.equals("transferred") ? 0.12 : 0)
                    - (outcome.equals("callback") ? 0.08 : 0)
                    + 0.15 * rng.nextGaussian();
            InteractionEvent f = feedback(
                    actor,
                    Channel.CONTACT_CENTRE,
                    s,
                    municipio,
                    satisfaction,
                    Context.CALL,
                    wait > 8 * MINUTE ? Cause.LONG_WAIT : Cause.NONE,
                    "contact-centre");
            f.operatorId = operator;
            b.add(end + between(rng, 15, 120), f);
        }
    }

    private void visit(Episode.Builder b, Actor actor, long end, double load) {
        boolean visitor = !actor.authenticated();
        CityService s = chance(rng, 0.92) ? menu.pick(Channel.FRONT_OFFICE, visitor, ServiceMenu.Need.ANY, rng) : null;
        int municipio = visitor || chance(rng, 0.15) ? Municipi.sample(rng) : actor.homeMunicipio();
        int wait = (int) Math.min(3 * HOUR, lognormal(rng, MINUTE * (6 + 14 * load), 0.7));
        int handle = (int) Math.max(MINUTE, Math.min(2 * HOUR, lognormal(rng, 540, 0.6)));
        String operator = "op-" + (6000 + municipio * 100 + rng.nextInt(25));
        String outcome;
        double r = rng.nextDouble();
        if (s != null && ServiceMenu.instant(s)) {
            outcome = r < 0.80 ? "resolved_first_contact" : r < 0.95 ? "information_given" : "documents_missing";
        } else if (s != null && !visitor) {
            outcome = r < 0.45
                    ? "case_opened"
                    : r < 0.75 ? "information_given" : r < 0.87 ? "documents_missing" : "resolved_first_contact";
        } else {
            outcome = r < 0.7 ? "information_given" : "resolved_first_contact";
        }
        InteractionEvent v = event(actor, EventType.CONTACT_VISIT, Channel.FRONT_OFFICE, s, municipio, "sportelli");
        v.waitSeconds = wait;
        v.handleSeconds = handle;
        v.operatorId = operator;
        v.outcome = outcome;
        b.add(end, v);
        long lastSecond = RomeCalendar.officeClose(end) - 1; // follow-ups at the counter stay within opening hours
        String caseId = null;
        if (outcome.equals("case_opened")) {
            caseId = planCase(
                            b,
                            actor,
                            s,
                            Channel.FRONT_OFFICE,
                            Math.min(lastSecond, end + between(rng, 5, 90)),
                            municipio,
                            operator)
                    .caseId();
            v.caseId = caseId;
        }
        if (s != null
                && ServiceMenu.payable(s)
                && (caseId != null || outcome.equals("resolved_first_contact"))
                && chance(rng, 0.5)) {
            InteractionEvent p = payment(actor, Channel.FRONT_OFFICE, s, municipio);
            p.caseId = caseId;
            b.add(Math.min(lastSecond, end + between(rng, 10, 120)), p);
        }
        if (chance(rng, 0.07)) {
            double satisfaction = 0.8
                    - 0.4 * Math.min(1, wait / 3600.0)
                    - (outcome.equals("documents_missing") ? 0.2 : 0)
                    + 0.15 * rng.nextGaussian();
            InteractionEvent f = feedback(
                    actor,
                    Channel.FRONT_OFFICE,
                    s,
                    municipio,
                    satisfaction,
                    Context.VISIT,
                    wait > 40 * MINUTE ? Cause.LONG_WAIT : Cause.NONE,
                    "sportelli");
            f.operatorId = operator;
            b.add(Math.min(lastSecond, end + between(rng, 20, 90)), f);
        }
    }

    private void mail(Episode.Builder b, Actor actor, Channel channel, long start) {
        boolean visitor = !actor.authenticated();
        Integer municipio = actor.municipioOrNull();
        if (!visitor && chance(rng, channel == Channel.PEC ? 0.55 : 0.2)) {
            CityService s = menu.pick(channel, false, ServiceMenu.Need.CASE, rng);
            if (s != null) {
                planCase(b, actor, s, channel, start, municipio, null);
                return;
            }
        }
        CityService s = channel == Channel.PEC || chance(rng, 0.85)
                ? menu.pick(channel, visitor, ServiceMenu.Need.ANY, rng)
                : null;
        InteractionEvent e = event(
                actor,
                EventType.CONTACT_EMAIL,
                channel,
                s,
                municipio,
                channel == Channel.PEC ? "pec" : "posta-elettronica");
        e.operatorId = "op-" + (4000 + rng.nextInt(200));
        e.outcome = chance(rng, 0.85) ? "answered" : "transferred";
        b.add(start, e);
    }

    private void chatbot(Episode.Builder b, Actor actor, long end) {
        boolean visitor = !actor.authenticated();
        CityService s = chance(rng, 0.6) ? menu.pick(Channel.CHATBOT, visitor, ServiceMenu.Need.ANY, rng) : null;
        Integer municipio = actor.municipioOrNull();
        InteractionEvent c = event(actor, EventType.CONTACT_CHAT, Channel.CHATBOT, s, municipio, "chatbot");
        double r = rng.nextDouble();
        double satisfaction;
        Cause cause = Cause.NONE;
        if (r < 0.65) {
            c.outcome = "answered_by_bot";
            c.handleSeconds = (int) Math.max(10, lognormal(rng, 150, 0.7));
            satisfaction = 0.72;
        } else if (r < 0.87) {
            c.outcome = "escalated_to_operator";
            c.waitSeconds = (int) Math.min(HOUR, lognormal(rng, 60, 0.8));
            c.handleSeconds = (int) Math.max(30, lognormal(rng, 360, 0.6));
            c.operatorId = "op-" + (3000 + rng.nextInt(40));
            satisfaction = 0.62 - 0.3 * Math.min(1, c.waitSeconds / 900.0);
            cause = c.waitSeconds > 8 * MINUTE ? Cause.LONG_WAIT : Cause.NONE;
        } else {
            c.outcome = "not_understood";
            c.handleSeconds = (int) Math.max(10, lognormal(rng, 90, 0.6));
            satisfaction = 0.25;
            cause = Cause.NOT_UNDERSTOOD;
        }
        b.add(end, c);
        if (chance(rng, 0.18)) {
            InteractionEvent f = feedback(
                    actor,
                    Channel.CHATBOT,
                    s,
                    municipio,
                    satisfaction + 0.15 * rng.nextGaussian(),
                    Context.CHAT,
                    cause,
                    "chatbot");
            b.add(end + between(rng, 5, 60), f);
        }
    }

    private void social(Episode.Builder b, Actor actor, long end) {
        boolean visitor = !actor.authenticated();
        CityService s = chance(rng, 0.75) ? menu.pick(Channel.SOCIAL, visitor, ServiceMenu.Need.ANY, rng) : null;
        Integer municipio = actor.municipioOrNull();
        InteractionEvent c = event(actor, EventType.CONTACT_CHAT, Channel.SOCIAL, s, municipio, "social");
        c.waitSeconds = (int) Math.min(DAY, lognormal(rng, 30 * MINUTE, 1.0));
        c.handleSeconds = (int) Math.max(30, lognormal(rng, 240, 0.6));
        c.operatorId = "op-" + (3500 + rng.nextInt(20));
        boolean report = s != null && ServiceMenu.streetReport(s) && chance(rng, 0.3);
        c.outcome = report ? "case_opened" : chance(rng, 0.8) ? "answered" : "transferred";
        b.add(end, c);
        if (report) {
            c.caseId = planCase(
                            b,
                            actor,
                            s,
                            Channel.SOCIAL,
                            end + between(rng, MINUTE, 30 * MINUTE),
                            municipio,
                            c.operatorId)
                    .caseId();
        } else if (chance(rng, 0.08)) {
            double satisfaction = 0.7 - 0.3 * Math.min(1, c.waitSeconds / (4.0 * HOUR)) + 0.15 * rng.nextGaussian();
            b.add(
                    end + between(rng, 30, 600),
                    feedback(
                            actor,
                            Channel.SOCIAL,
                            s,
                            municipio,
                            satisfaction,
                            Context.CHAT,
                            c.waitSeconds > 2 * HOUR ? Cause.LONG_WAIT : Cause.NONE,
                            "social"));
        }
    }

    private void knowledge(Episode.Builder b, Actor actor, Channel channel, long start) {
        String source = channel == Channel.CHATBOT ? "chatbot" : "portale";
        long t = start;
        int views = 1;
        while (views < 6 && chance(rng, 0.45)) {
            views++;
        }
        for (int i = 0; i < views; i++) {
            CityService s = chance(rng, channel == Channel.PORTAL ? 0.9 : 0.5)
                    ? menu.pick(channel, true, ServiceMenu.Need.ANY, rng)
                    : null;
            InteractionEvent k =
                    event(actor, EventType.KNOWLEDGE_ARTICLE_VIEWED, channel, s, actor.municipioOrNull(), source);
            b.add(t, k);
            t += (long) Math.max(5, Math.min(30 * MINUTE, lognormal(rng, 90, 0.8)));
        }
    }

    // ---------------------------------------------------------------- self-service

    private void selfService(Episode.Builder b, Actor actor, Channel channel, long start) {
        double r = rng.nextDouble();
        if (channel == Channel.PORTAL) {
            if (r < 0.62) {
                onlineService(b, actor, channel, start);
            } else if (r < 0.87) {
                standalonePayment(b, actor, channel, start);
            } else {
                streetReport(b, actor, channel, start);
            }
        } else {
            if (r < 0.45) {
                notification(b, actor, start);
            } else if (r < 0.75) {
                onlineService(b, actor, channel, start);
            } else if (r < 0.95) {
                standalonePayment(b, actor, channel, start);
            } else {
                streetReport(b, actor, channel, start);
            }
        }
    }

    private void onlineService(Episode.Builder b, Actor actor, Channel channel, long start) {
        String source = channel == Channel.APP_IO ? "app-io" : "portale";
        CityService s = menu.pick(channel, false, ServiceMenu.Need.ANY, rng);
        Integer municipio = actor.municipioOrNull();
        b.add(start, event(actor, EventType.ONLINE_SERVICE_STARTED, channel, s, municipio, source));
        boolean abandon = chance(rng, 0.18 + 0.3 * (1 - actor.digitalPropensity()));
        int session =
                (int) Math.max(20, Math.min(90 * MINUTE, lognormal(rng, abandon ? 200 : 480, abandon ? 0.8 : 0.6)));
        long end = start + session;
        if (abandon) {
            InteractionEvent a = event(actor, EventType.ONLINE_SERVICE_ABANDONED, channel, s, municipio, source);
            a.handleSeconds = session;
            a.outcome = "abandoned_at_step_" + (1 + rng.nextInt(4));
            b.add(end, a);
            return;
        }
        InteractionEvent c = event(actor, EventType.ONLINE_SERVICE_COMPLETED, channel, s, municipio, source);
        c.handleSeconds = session;
        c.outcome = s != null && ServiceMenu.instant(s) ? "document_issued" : "submitted";
        b.add(end, c);
        if (s != null && !ServiceMenu.instant(s) && chance(rng, 0.9)) {
            c.caseId = planCase(b, actor, s, channel, end + 1, municipio, null).caseId();
        }
        if (s != null && ServiceMenu.payable(s) && chance(rng, 0.7)) {
            InteractionEvent p = payment(actor, channel, s, municipio);
            p.caseId = c.caseId;
            b.add(end + between(rng, 20, 300), p);
        }
        if (chance(rng, 0.08)) {
            b.add(
                    end + between(rng, 5, 90),
                    feedback(
                            actor,
                            channel,
                            s,
                            municipio,
                            0.8 + 0.15 * rng.nextGaussian(),
                            Context.ONLINE,
                            Cause.NONE,
                            source));
        }
    }

    private void standalonePayment(Episode.Builder b, Actor actor, Channel channel, long start) {
        CityService s = menu.pick(channel, false, ServiceMenu.Need.PAYMENT, rng);
        if (s == null) {
            onlineService(b, actor, channel, start);
            return;
        }
        b.add(start, payment(actor, channel, s, actor.municipioOrNull()));
    }

    private void notification(Episode.Builder b, Actor actor, long start) {
        CityService s = menu.pick(Channel.APP_IO, false, ServiceMenu.Need.ANY, rng);
        Integer municipio = actor.municipioOrNull();
        b.add(start, event(actor, EventType.NOTIFICATION_SENT, Channel.APP_IO, s, municipio, "app-io"));
        if (chance(rng, 0.45 + 0.45 * actor.digitalPropensity())) {
            long opened =
                    RomeCalendar.citizenTimeOnOrAfter(start + (long) Math.max(30, lognormal(rng, 3 * HOUR, 1.3)), rng);
            b.add(opened, event(actor, EventType.NOTIFICATION_OPENED, Channel.APP_IO, s, municipio, "app-io"));
            if (s != null && ServiceMenu.payable(s) && chance(rng, 0.35)) {
                b.add(opened + between(rng, MINUTE, 30 * MINUTE), payment(actor, Channel.APP_IO, s, municipio));
            }
        }
    }

    private void streetReport(Episode.Builder b, Actor actor, Channel channel, long start) {
        CityService s = menu.pick(channel, !actor.authenticated(), ServiceMenu.Need.STREET_REPORT, rng);
        planCase(b, actor, s, channel, start, actor.municipioOrNull(), null);
    }

    // ---------------------------------------------------------------- cases

    /**
     * Plans a whole case lifecycle into {@code b}, opened at {@code opened} on {@code channel}.
     *
     * @param s          the service (null: no service code, 30 calendar days deadline)
     * @param municipio  municipio of the case (street reports get one from their location if null)
     * @param operatorId operator who opened it on an assisted channel, or null
     */
    public PlannedCase planCase(
            Episode.Builder b,
            Actor actor,
            CityService s,
            Channel channel,
            long opened,
            Integer municipio,
            String operatorId) {
        boolean street = s != null && ServiceMenu.streetReport(s);
        Double lat = null;
        Double lon = null;
        if (street) {
            int m = municipio != null && chance(rng, 0.7) ? municipio : Municipi.sample(rng);
            double[] p = Municipi.location(m, rng);
            lat = p[0];
            lon = p[1];
            municipio = m;
        }
        LocalDate openDate = RomeCalendar.localDate(opened);
        String caseId = nextCaseId(openDate);
        String officer = "op-" + (5000 + rng.nextInt(1000));
        String source = channel == Channel.STREET_REPORT ? "segnalazioni" : "crm";
        int deadlineDays = s == null ? 30 : Math.max(1, s.deadlineDays());
        boolean working = s != null && s.workingDays();
        long deadlineEnd = RomeCalendar.endOfDay(
                working ? RomeCalendar.addWorkingDays(openDate, deadlineDays) : openDate.plusDays(deadlineDays));

        CaseEvents ce = new CaseEvents(b, actor, s, channel, municipio, caseId, source);
        InteractionEvent open =
                ce.add(opened, EventType.CASE_OPENED, street ? "presa_in_carico" : "aperta", operatorId);
        open.lat = lat;
        open.lon = lon;

        double ratio = Math.exp(RESOLUTION_MU + RESOLUTION_SIGMA * rng.nextGaussian());
        long resolved = resolutionTime(opened, openDate, ratio, deadlineDays, working);
        long statusAt = RomeCalendar.officeTimeOnOrAfter(opened + (long) lognormal(rng, 18 * HOUR, 0.8), rng);
        boolean statusChange = chance(rng, 0.7);

        if (!street && chance(rng, 0.03)) { // withdrawn by the citizen
            long withdrawnAt = RomeCalendar.officeTimeOnOrAfter(
                    opened + (long) ((resolved - opened) * (0.1 + 0.7 * rng.nextDouble())), rng);
            if (statusChange && statusAt < withdrawnAt) {
                ce.add(statusAt, EventType.CASE_STATUS_CHANGED, "in_lavorazione", officer);
            }
            ce.add(Math.max(withdrawnAt, opened + 1), EventType.CASE_CLOSED, "ritirata", officer).outcome = "withdrawn";
            return new PlannedCase(caseId, opened, deadlineEnd, -1, false, true, false, false);
        }

        long suspendedAt = -1;
        long resumedAt = -1;
        if (deadlineDays >= 5 && chance(rng, 0.12)) {
            suspendedAt = RomeCalendar.officeTimeOnOrAfter(
                    opened + (long) ((resolved - opened) * (0.15 + 0.45 * rng.nextDouble())), rng);
            long pause = (long) Math.min(30 * DAY, lognormal(rng, 6 * DAY, 0.6));
            resumedAt = RomeCalendar.officeTimeOnOrAfter(suspendedAt + pause, rng);
            long shift = resumedAt - suspendedAt;
            deadlineEnd += shift; // the deadline does not run while suspended
            resolved = RomeCalendar.officeTimeOnOrAfter(Math.max(resolved + shift, resumedAt + HOUR), rng);
        }
        long firstStop = suspendedAt >= 0 ? suspendedAt : resolved;
        if (statusChange && statusAt < firstStop - MINUTE && statusAt > opened) {
            ce.add(
                    statusAt,
                    EventType.CASE_STATUS_CHANGED,
                    street ? "assegnata_al_gestore" : "in_lavorazione",
                    officer);
        }
        if (suspendedAt >= 0) {
            ce.add(suspendedAt, EventType.CASE_SUSPENDED, "sospesa_integrazione_documenti", officer);
            ce.add(resumedAt, EventType.CASE_RESUMED, "in_lavorazione", officer);
        }
        boolean breached = resolved > deadlineEnd;
        double r = rng.nextDouble();
        String outcome = street
                ? (r < 0.85 ? "fixed" : r < 0.93 ? "not_competent" : "duplicate_report")
                : (r < 0.80 ? "approved" : r < 0.93 ? "rejected" : "archived");
        boolean rejected = outcome.equals("rejected") || outcome.equals("not_competent");
        InteractionEvent res =
                ce.add(resolved, EventType.CASE_RESOLVED, street ? "intervento_eseguito" : "conclusa", officer);
        res.outcome = outcome;
        res.lat = lat;
        res.lon = lon;
        notifyOutcome(b, actor, s, municipio, caseId, resolved);

        long closed = RomeCalendar.officeTimeOnOrAfter(
                resolved + (chance(rng, 0.25) ? MINUTE : (long) lognormal(rng, 1.5 * DAY, 0.8)), rng);
        ce.add(closed, EventType.CASE_CLOSED, "chiusa", officer);
        long last = closed;
        boolean reopened = chance(rng, 0.04 + (rejected ? 0.08 : 0) + (street && breached ? 0.06 : 0));
        if (reopened) {
            long reopenAt = RomeCalendar.officeTimeOnOrAfter(closed + (long) lognormal(rng, 4 * DAY, 0.7), rng);
            ce.add(reopenAt, EventType.CASE_REOPENED, "riaperta", null);
            long resolved2 = RomeCalendar.officeTimeOnOrAfter(
                    reopenAt + (long) Math.max(HOUR, lognormal(rng, 0.25 * deadlineDays * DAY, 0.6)), rng);
            InteractionEvent res2 =
                    ce.add(resolved2, EventType.CASE_RESOLVED, street ? "intervento_eseguito" : "conclusa", officer);
            res2.outcome = street ? "fixed" : "approved";
            long closed2 = RomeCalendar.officeTimeOnOrAfter(resolved2 + (long) lognormal(rng, DAY, 0.8), rng);
            ce.add(closed2, EventType.CASE_CLOSED, "chiusa", officer);
            last = closed2;
        }
        if (chance(rng, actor.authenticated() ? 0.15 : 0.07)) {
            Channel fc = feedbackChannel(actor, s, channel, street);
            if (fc != null) {
                double satisfaction = 0.8
                        - (breached ? 0.4 : 0)
                        - (rejected ? 0.25 : 0)
                        - (reopened ? 0.2 : 0)
                        - (suspendedAt >= 0 ? 0.05 : 0)
                        + 0.15 * rng.nextGaussian();
                Cause cause = breached
                        ? Cause.DEADLINE_BREACHED
                        : rejected ? Cause.REJECTED : reopened ? Cause.REOPENED : Cause.NONE;
                InteractionEvent f = feedback(
                        actor,
                        fc,
                        s,
                        municipio,
                        satisfaction,
                        street ? Context.STREET : Context.CASE,
                        cause,
                        fc == Channel.STREET_REPORT ? "segnalazioni" : sourceOf(fc));
                f.caseId = caseId;
                b.add(RomeCalendar.citizenTimeOnOrAfter(last + (long) lognormal(rng, 20 * HOUR, 0.8), rng), f);
            }
        }
        return new PlannedCase(caseId, opened, deadlineEnd, resolved, breached, false, suspendedAt >= 0, reopened);
    }

    private long resolutionTime(long opened, LocalDate openDate, double ratio, int deadlineDays, boolean working) {
        double days = ratio * deadlineDays;
        long t;
        if (working) {
            int whole = (int) Math.floor(days);
            long workSeconds = (long) ((days - whole) * 8.5 * HOUR);
            t = whole == 0
                    ? opened + workSeconds
                    : RomeCalendar.epochSecond(RomeCalendar.addWorkingDays(openDate, whole), RomeCalendar.OFFICE_OPEN)
                            + workSeconds;
        } else {
            t = opened + (long) (days * DAY);
        }
        return RomeCalendar.officeTimeOnOrAfter(Math.max(t, opened + 10 * MINUTE), rng);
    }

    /** Residents hear of the outcome on IO if the service is on IO and they use it, else maybe by e-mail. */
    private void notifyOutcome(
            Episode.Builder b, Actor actor, CityService s, Integer municipio, String caseId, long resolved) {
        if (!actor.authenticated() || s == null) {
            return;
        }
        long sent = resolved + between(rng, MINUTE, 15 * MINUTE);
        if (s.channels().contains(Channel.APP_IO) && chance(rng, actor.digitalPropensity())) {
            InteractionEvent n = event(actor, EventType.NOTIFICATION_SENT, Channel.APP_IO, s, municipio, "app-io");
            n.caseId = caseId;
            b.add(sent, n);
            if (chance(rng, 0.5 + 0.4 * actor.digitalPropensity())) {
                InteractionEvent o =
                        event(actor, EventType.NOTIFICATION_OPENED, Channel.APP_IO, s, municipio, "app-io");
                o.caseId = caseId;
                b.add(
                        RomeCalendar.citizenTimeOnOrAfter(
                                sent + (long) Math.max(30, lognormal(rng, 2 * HOUR, 1.2)), rng),
                        o);
            }
        } else if (s.channels().contains(Channel.EMAIL) && chance(rng, 0.5)) {
            InteractionEvent n = event(actor, EventType.NOTIFICATION_SENT, Channel.EMAIL, s, municipio, "notifiche");
            n.caseId = caseId;
            b.add(sent, n);
        }
    }

    /** Where a case is rated: the street-report app, IO or the portal, never at a closed counter. */
    private Channel feedbackChannel(Actor actor, CityService s, Channel caseChannel, boolean street) {
        if (street && caseChannel == Channel.STREET_REPORT) {
            return Channel.STREET_REPORT;
        }
        if (s == null) {
            return caseChannel == Channel.FRONT_OFFICE ? null : caseChannel;
        }
        if (s.channels().contains(Channel.APP_IO) && actor.authenticated() && chance(rng, actor.digitalPropensity())) {
            return Channel.APP_IO;
        }
        if (s.channels().contains(Channel.PORTAL)) {
            return Channel.PORTAL;
        }
        return caseChannel == Channel.FRONT_OFFICE ? null : caseChannel;
    }

    private String nextCaseId(LocalDate date) {
        int year = date.getYear();
        int start = year == firstDay.getYear() ? (firstDay.getDayOfYear() - 1) * 40 : 0;
        int n = caseCounters.merge(year, start + 1, (old, one) -> old + 1);
        return String.format(Locale.ROOT, "RM-%d-%06d", year, n);
    }

    // ---------------------------------------------------------------- events

    private final class CaseEvents {
        private final Episode.Builder b;
        private final Actor actor;
        private final CityService s;
        private final Channel channel;
        private final Integer municipio;
        private final String caseId;
        private final String source;

        CaseEvents(
                Episode.Builder b,
                Actor actor,
                CityService s,
                Channel channel,
                Integer municipio,
                String caseId,
                String source) {
            this.b = b;
            this.actor = actor;
            this.s = s;
            this.channel = channel;
            this.municipio = municipio;
            this.caseId = caseId;
            this.source = source;
        }

        InteractionEvent add(long time, EventType type, String status, String operatorId) {
            InteractionEvent e = event(actor, type, channel, s, municipio, source);
            e.caseId = caseId;
            e.caseStatus = status;
            e.operatorId = operatorId;
            b.add(time, e);
            return e;
        }
    }

    private InteractionEvent feedback(
            Actor actor,
            Channel channel,
            CityService s,
            Integer municipio,
            double satisfaction,
            Context context,
            Cause cause,
            String source) {
        Answer a = FeedbackModel.answer(satisfaction, context, cause, rng);
        InteractionEvent f = event(actor, EventType.FEEDBACK_GIVEN, channel, s, municipio, source);
        f.csat = a.csat();
        f.nps = a.nps();
        f.feedbackText = a.text();
        return f;
    }

    private InteractionEvent payment(Actor actor, Channel channel, CityService s, Integer municipio) {
        InteractionEvent p = event(actor, EventType.PAYMENT_MADE, channel, s, municipio, "pagopa");
        p.amountEur = ServiceMenu.amount(s, rng);
        return p;
    }

    private static String sourceOf(Channel channel) {
        return switch (channel) {
            case CONTACT_CENTRE -> "contact-centre";
            case FRONT_OFFICE -> "sportelli";
            case EMAIL -> "posta-elettronica";
            case PEC -> "pec";
            case SOCIAL -> "social";
            case PORTAL -> "portale";
            case APP_IO -> "app-io";
            case CHATBOT -> "chatbot";
            case STREET_REPORT -> "segnalazioni";
        };
    }

    private static InteractionEvent event(
            Actor actor, EventType type, Channel channel, CityService s, Integer municipio, String source) {
        InteractionEvent e = new InteractionEvent();
        e.eventType = type;
        e.channel = channel;
        e.serviceCode = s == null ? null : s.code();
        e.municipio = municipio;
        e.fiscalCode = actor.fiscalCode();
        e.anonymousId = actor.anonymousId();
        e.language = actor.language();
        e.sourceSystem = source;
        return e;
    }
}
