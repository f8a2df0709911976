package io.ferrymq.example.analytics;

import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.idempotent.IdempotencyStoreException;
import io.ferrymq.client.consumer.idempotent.IdempotentListener;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.util.ServerProcess;
import io.ferrymq.example.events.Json;
import io.ferrymq.example.events.Topics;
import io.ferrymq.example.logship.LogShipping;
import io.ferrymq.example.service.ServiceOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics-service: records the web front-end's user events and counts them per user in its own
 * database. It starts and consumes whether or not that database is up: an event it cannot record goes back
 * to the broker ({@link ConsumeResult#RECONSUME_LATER}), which delivers it again after its retry delay, so
 * an outage of the database loses nothing and the front-end never notices. FerryMQ's idempotent listener
 * records each message id with the event, so a delivery that comes twice counts once.
 */
public final class AnalyticsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsService.class);

    private final ServiceOptions options;
    private final DataSource db;
    private final PushConsumer events;
    /** Built on the first delivery that finds the database up (it creates the tables). */
    private volatile IdempotentListener recorder;

    AnalyticsService(ServiceOptions options, DataSource db) {
        this.options = options;
        this.db = db;
        this.events = PushConsumer.builder(Topics.ANALYTICS_GROUP).namesrvAddr(options.namesrv())
                .subscribe(Topics.USER_EVENTS, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .consumeThreads(2).persistInterval(Duration.ofSeconds(1)).listener(this::onUserEvent).build();
    }

    private ConsumeResult onUserEvent(MessageExt message) throws Exception {
        if (!options.ownsKey(message.getKeys())) {
            return ConsumeResult.SUCCESS; // an earlier run's event
        }
        try {
            recorder().process(message);
            return ConsumeResult.SUCCESS;
        } catch (IdempotencyStoreException | SQLException e) {
            LOG.warn("event {} of {} not recorded, the analytics database is unreachable ({}); the broker "
                    + "delivers it again later (this was delivery {})", message.getMsgId(), message.getKeys(),
                    firstLine(e), message.getReconsumeTimes() + 1);
            return ConsumeResult.RECONSUME_LATER;
        }
    }

    private IdempotentListener recorder() throws SQLException {
        IdempotentListener r = recorder;
        if (r == null) {
            synchronized (this) {
                if (recorder == null) {
                    AnalyticsStore.createSchema(db);
                    recorder = IdempotentListener.builder(db, this::record).scope(Topics.ANALYTICS_GROUP).build();
                    LOG.info("analytics database reachable; tables ready");
                }
                r = recorder;
            }
        }
        return r;
    }

    private void record(MessageExt message, Connection connection) throws SQLException {
        UserEvent event = Json.decode(message.getBody(), UserEvent.class);
        AnalyticsStore.record(connection, message.getMsgId(), event, message.getReconsumeTimes());
        if (message.getReconsumeTimes() > 0) {
            LOG.info("event {} of {} recorded on delivery {}", message.getMsgId(), event.userId(),
                    message.getReconsumeTimes() + 1);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        events.close();
    }

    public static void main(String[] args) {
        ServiceOptions o = ServiceOptions.parse("analytics-service", args,
                ServiceOptions.option("db-port", "port of the analytics database server on 127.0.0.1"));
        LogShipping.install("analytics-service", o.namesrv());
        int port = o.intValue("db-port", 9092);
        AnalyticsService service = new AnalyticsService(o, AnalyticsDatabase.dataSource(port));
        LOG.info("analytics-service up (run {}), its database at 127.0.0.1:{}", o.run(), port);
        ServerProcess.awaitShutdown("analytics-service-shutdown", service::close);
    }
}
