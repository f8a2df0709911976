package io.ferrymq.example.analytics;

import io.ferrymq.example.Poll;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.ConsumeStats;
import io.ferrymq.client.admin.QueueProgress;
import io.ferrymq.example.analytics.EventPlan.Activity;
import io.ferrymq.example.check.Check;
import io.ferrymq.example.events.Topics;
import io.ferrymq.example.scenario.ServiceProcess;
import io.ferrymq.example.topic.TopicSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The decoupling scenario: the web front-end sends user events while the analytics database is down; the
 * analytics-service, running all along, hands each event back to the broker; the database comes back and the
 * service catches up. Verdicts come from the analytics database and the front-end's send results.
 */
public final class Decoupling {
    private static final int USERS = 8;

    private final String namesrv;
    private final Path dir;
    private final String runId;
    private final PrintStream out;
    private final int events;
    private final Duration timeout;

    /**
     * @param dir     the run's folder: the analytics database and the services' logs go there
     * @param events  events the front-end sends
     * @param timeout how long each wait may take
     */
    public Decoupling(String namesrv, Path dir, String runId, PrintStream out, int events, Duration timeout) {
        this.namesrv = namesrv;
        this.dir = dir;
        this.runId = runId;
        this.out = out;
        this.events = events;
        this.timeout = timeout;
    }

    public List<Check> run() throws Exception {
        TopicSetup.ensure(namesrv, 4, Topics.USER_EVENTS, Topics.SERVICE_LOGS);
        EventPlan plan = new EventPlan(runId, events, USERS);
        int port = AnalyticsDatabase.freePort();
        DataSource db = AnalyticsDatabase.dataSource(port);
        ServiceProcess service = null;
        ServiceProcess database = null;
        try {
            long down = System.nanoTime();
            service = ServiceProcess.start("analytics-service", AnalyticsService.class, dir, List.of("--namesrv",
                    namesrv, "--data", dir.toString(), "--run", runId, "--db-port", Integer.toString(port)));
            out.printf("  analytics-service started; its database (127.0.0.1:%d) is down%n", port);
            WebFrontEnd.Report sent = WebFrontEnd.send(namesrv, plan);
            out.printf("  web front-end: %d events of %d users sent in %d ms, %d stored by the broker%n",
                    plan.count(), USERS, sent.elapsed().toMillis(), sent.stored());
            awaitHandedBack(sent, service);
            database = ServiceProcess.start("analytics-db", AnalyticsDatabaseServer.class, dir,
                    List.of(dir.toString(), Integer.toString(port)));
            awaitListening(port, database);
            long up = System.nanoTime();
            out.printf("  analytics database back after %.1f s down; the broker redelivers each event after its "
                    + "retry delay%n", (up - down) / 1e9);
            AnalyticsStore.Snapshot s = awaitRecorded(plan, db, service);
            Duration catchUp = Duration.ofNanos(System.nanoTime() - up);
            out.printf("  caught up %.1f s after the database came back; the front-end's sends took %.1f s%n",
                    catchUp.toMillis() / 1e3, sent.elapsed().toMillis() / 1e3);
            printActivity(s);
            return checks(plan, sent, s, service.isAlive());
        } finally {
            if (service != null) {
                service.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    /**
     * Waits, with the database still down, until the analytics group's committed offsets are past every event
     * the front-end sent: each was delivered, failed, and was sent back to the broker for a later retry.
     */
    private void awaitHandedBack(WebFrontEnd.Report sent, ServiceProcess service) throws Exception {
        try (AdminClient admin = AdminClient.create(namesrv)) {
            int[] behind = {-1};
            Poll.until(timeout, Duration.ofMillis(200), () -> {
                behind[0] = queuesBehind(admin, sent.lastOffsets());
                if (behind[0] > 0) {
                    requireAlive(service);
                }
                return behind[0] == 0;
            }, () -> "the analytics-service did not take the events within " + timeout.toSeconds() + " s ("
                    + behind[0] + " queue(s) behind; log " + service.log() + ")");
            out.printf("  analytics-service received all %d events while its database was down and handed "
                    + "each back to the broker (RECONSUME_LATER)%n", sent.msgIds().size());
        }
    }

    /** Queues whose committed offset has not passed the last event sent to them (all of them when unknown). */
    private static int queuesBehind(AdminClient admin, Map<MessageQueue, Long> lastOffsets) {
        ConsumeStats stats;
        try {
            stats = admin.consumeStats(Topics.ANALYTICS_GROUP, Topics.USER_EVENTS);
        } catch (ClientException e) {
            return lastOffsets.size(); // the group is not known to the broker yet
        }
        int behind = 0;
        for (Map.Entry<MessageQueue, Long> e : lastOffsets.entrySet()) {
            QueueProgress p = stats.offsets().get(e.getKey());
            if (p == null || p.consumerOffset() <= e.getValue()) {
                behind++;
            }
        }
        return behind;
    }

    private void awaitListening(int port, ServiceProcess database) throws Exception {
        Poll.until(timeout, Duration.ofMillis(100), () -> {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return true;
            } catch (IOException e) {
                if (!database.isAlive()) {
                    throw new IllegalStateException("the analytics database did not start (log " + database.log() + ")");
                }
                return false; // the server's JVM is starting
            }
        }, () -> "the analytics database did not listen on " + port);
    }

    /** Waits until the analytics database holds every event, printing progress every second. */
    private AnalyticsStore.Snapshot awaitRecorded(EventPlan plan, DataSource db, ServiceProcess service)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLine = 0;
        while (true) {
            AnalyticsStore.Snapshot s;
            try {
                s = AnalyticsStore.read(db);
            } catch (SQLException e) {
                s = new AnalyticsStore.Snapshot(Map.of(), Map.of(), Map.of()); // tables not created yet
            }
            long now = System.nanoTime();
            boolean done = s.rowsByMsgId().size() >= plan.count();
            if (done || now >= nextLine) {
                out.printf("  ... analytics recorded %d/%d events%n", s.rowsByMsgId().size(), plan.count());
                nextLine = now + Duration.ofSeconds(1).toNanos();
            }
            if (done) {
                return s;
            }
            requireAlive(service);
            if (now >= deadline) {
                throw new TimeoutException("analytics recorded " + s.rowsByMsgId().size() + " of " + plan.count()
                        + " events within " + timeout.toSeconds() + " s (log " + service.log() + ")");
            }
            Thread.sleep(200); // polling the analytics database: the outcome lives there
        }
    }

    private static void requireAlive(ServiceProcess service) {
        if (!service.isAlive()) {
            throw new IllegalStateException("analytics-service died (log " + service.log() + ")");
        }
    }

    private void printActivity(AnalyticsStore.Snapshot s) {
        out.printf("  %-28s %8s %8s%n", "user", "searches", "clicks");
        s.activity().forEach((user, a) -> out.printf("  %-28s %8d %8d%n", user, a.searches(), a.clicks()));
    }

    private static List<Check> checks(EventPlan plan, WebFrontEnd.Report sent, AnalyticsStore.Snapshot s,
                                      boolean serviceAlive) {
        List<Check> checks = new ArrayList<>();
        List<String> notOnce = new ArrayList<>();
        for (String id : sent.msgIds()) {
            int n = s.rowsByMsgId().getOrDefault(id, 0);
            if (n != 1) {
                notOnce.add(id + " recorded " + n + "x");
            }
        }
        s.rowsByMsgId().keySet().stream().filter(id -> !sent.msgIds().contains(id))
                .forEach(id -> notOnce.add(id + " recorded but never sent"));
        checks.add(violations("all " + plan.count() + " events recorded exactly once", notOnce));
        List<String> notRetried = new ArrayList<>();
        s.redeliveriesByMsgId().forEach((id, redeliveries) -> {
            if (redeliveries < 1) {
                notRetried.add(id);
            }
        });
        checks.add(violations("none lost while the database was down: every event failed there, came back "
                + "and was recorded", notRetried));
        List<String> miscounted = new ArrayList<>();
        Map<String, Activity> expected = plan.expectedActivity();
        expected.forEach((user, a) -> {
            if (!a.equals(s.activity().get(user))) {
                miscounted.add(user + " " + s.activity().get(user) + " instead of " + a);
            }
        });
        s.activity().keySet().stream().filter(u -> !expected.containsKey(u))
                .forEach(u -> miscounted.add(u + " counted but unknown"));
        checks.add(violations("searches and clicks counted per user as sent", miscounted));
        boolean allStored = sent.stored() == plan.count();
        checks.add(new Check("the front-end's sends all succeeded while analytics was down (took "
                + sent.elapsed().toMillis() + " ms)", allStored, sent.stored() + " of " + plan.count() + " stored"));
        checks.add(new Check("the analytics-service kept running through the outage", serviceAlive, "it exited"));
        return checks;
    }

    private static Check violations(String name, List<String> found) {
        if (found.isEmpty()) {
            return new Check(name, true, "");
        }
        return new Check(name, false, found.size() + " violation(s): "
                + String.join(", ", found.subList(0, Math.min(5, found.size()))));
    }
}
