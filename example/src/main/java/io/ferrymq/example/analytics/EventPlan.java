package io.ferrymq.example.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The events a decoupling run's front-end sends, derived from its parameters only, so the sender and the
 * checks agree without talking: every third event is a search, the others clicks, users taken in turn.
 *
 * @param runId  prefix of every user id; the analytics-service ignores other runs' events
 * @param count  number of events
 * @param users  number of distinct users
 */
public record EventPlan(String runId, int count, int users) {
    private static final List<String> QUERIES = List.of("red shoes", "phone case", "tea", "desk lamp", "umbrella");

    public UserEvent event(int i) {
        String user = String.format("%s-user%02d", runId, i % users);
        return i % 3 == 0 ? new UserEvent(user, UserEvent.SEARCH, QUERIES.get(i / 3 % QUERIES.size()))
                : new UserEvent(user, UserEvent.CLICK, "product-" + (i * 7 % 50));
    }

    public List<UserEvent> events() {
        List<UserEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(i));
        }
        return events;
    }

    /** User id → the searches and clicks the analytics must end up counting for that user. */
    public Map<String, Activity> expectedActivity() {
        Map<String, Activity> expected = new TreeMap<>();
        for (UserEvent e : events()) {
            expected.merge(e.userId(), Activity.of(e), Activity::plus);
        }
        return expected;
    }

    /** A user's counted searches and clicks. */
    public record Activity(int searches, int clicks) {
        static Activity of(UserEvent e) {
            return UserEvent.SEARCH.equals(e.kind()) ? new Activity(1, 0) : new Activity(0, 1);
        }

        Activity plus(Activity o) {
            return new Activity(searches + o.searches, clicks + o.clicks);
        }
    }
}
