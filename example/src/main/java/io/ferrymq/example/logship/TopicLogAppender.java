package io.ferrymq.example.logship;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.ferrymq.example.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Logback appender that ships every log line of a service to a FerryMQ topic ({@code ServiceLogs} by
 * default; see {@link LogLine} for the message shape), so the lines of a server that crashed are kept by the
 * broker rather than only on the server's disk.
 *
 * <p>It never blocks the service: {@link #append} puts the event in a bounded buffer and returns; when the
 * buffer is full (the broker is slow or away) the line is dropped and counted ({@link #dropped()}). One
 * shipper thread sends the lines in order and retries a failed send with a growing pause, so a broker restart
 * costs no lines unless the buffer fills meanwhile. {@link #stop()} lets the shipper drain the buffer for at
 * most {@code drainTimeout}, then closes the producer; what is left is counted as {@link #unsent()}.
 *
 * <p>Lines of FerryMQ's client, remoting and common code, of Netty, and of this package are never shipped:
 * shipping a line sends a message, which may log, which would ship again. Anything logged on the shipper
 * thread is skipped for the same reason.
 *
 * <pre>{@code
 * <appender name="SHIP" class="io.ferrymq.example.logship.TopicLogAppender">
 *   <service>order-service</service>
 *   <namesrv>127.0.0.1:9876</namesrv>
 * </appender>
 * }</pre>
 * or programmatically with {@link LogShipping#install}.
 */
public final class TopicLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLogAppender.class);
    /** Logger name prefixes whose lines are never shipped (the shipping itself, or a loop). */
    static final List<String> NEVER_SHIPPED = List.of("io.ferrymq.client", "io.ferrymq.remoting",
            "io.ferrymq.common", "io.netty", TopicLogAppender.class.getPackageName());
    private static final long MAX_RETRY_PAUSE_MILLIS = 2_000;
    private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private String service;
    private String namesrv;
    private String topic = Topics.SERVICE_LOGS;
    private int capacity = 10_000;
    private Duration drainTimeout = Duration.ofSeconds(2);
    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n%ex";
    private Supplier<LineSender> senderFactory;

    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    private BlockingQueue<Pending> buffer;
    private PatternLayout layout;
    private LineSender sender;
    private Thread shipper;
    private volatile long drainDeadline;
    private volatile boolean stopping;

    /** An event waiting in the buffer, with its number in this process. */
    private record Pending(ILoggingEvent event, long seq) {
    }

    public void setService(String service) {
        this.service = service;
    }

    public void setNamesrv(String namesrv) {
        this.namesrv = namesrv;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** Lines the buffer holds before new ones are dropped (default 10,000). */
    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    /** How long {@link #stop()} lets the shipper send what is buffered, in milliseconds (default 2,000). */
    public void setDrainTimeoutMillis(long millis) {
        this.drainTimeout = Duration.ofMillis(millis);
    }

    /** The Logback pattern of a shipped line (default: the services' console pattern). */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    /** Where lines go instead of a producer to {@code namesrv} (tests). */
    void setSenderFactory(Supplier<LineSender> senderFactory) {
        this.senderFactory = senderFactory;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (service == null || service.isBlank() || (senderFactory == null && (namesrv == null || namesrv.isBlank()))) {
            addError("TopicLogAppender needs <service> and <namesrv>; not shipping logs");
            return;
        }
        if (capacity < 1 || drainTimeout.isNegative()) {
            addError("TopicLogAppender: capacity must be positive and drainTimeoutMillis >= 0");
            return;
        }
        layout = new PatternLayout();
        layout.setContext(getContext());
        layout.setPattern(pattern);
        layout.start();
        try {
            sender = senderFactory != null ? senderFactory.get() : new ProducerLineSender(namesrv, topic, service);
        } catch (RuntimeException e) {
            addError("TopicLogAppender: no producer for " + namesrv + "; not shipping logs", e);
            return;
        }
        buffer = new ArrayBlockingQueue<>(capacity);
        stopping = false;
        shipper = new Thread(this::ship, "log-shipper");
        shipper.setDaemon(true);
        shipper.start();
        super.start();
    }

    /** Called by Logback on the logging thread: buffers the event, or drops it when the buffer is full. */
    @Override
    protected void append(ILoggingEvent event) {
        if (Thread.currentThread() == shipper || neverShipped(event.getLoggerName())) {
            return;
        }
        event.prepareForDeferredProcessing(); // the thread name, MDC and message are fixed now, not when shipped
        if (!buffer.offer(new Pending(event, seq.incrementAndGet()))) {
            dropped.incrementAndGet();
        }
    }

    static boolean neverShipped(String loggerName) {
        for (String prefix : NEVER_SHIPPED) {
            if (loggerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The shipper thread: sends buffered lines in order until stopped and drained (or out of time). */
    private void ship() {
        long droppedReported = 0;
        long nextDropReport = System.nanoTime();
        while (true) {
            Pending p;
            try {
                p = stopping ? buffer.poll() : buffer.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (p == null) {
                if (stopping) {
                    break;
                }
                continue;
            }
            LogLine line;
            try {
                line = toLine(p);
            } catch (RuntimeException e) {
                unsent.incrementAndGet(); // a line that cannot be formatted is skipped, shipping goes on
                LOG.warn("log line {} not shipped: formatting failed", p.seq(), e);
                continue;
            }
            if (!sendWithRetry(line)) {
                unsent.incrementAndGet();
                break;
            }
            long drops = dropped.get();
            if (drops > droppedReported && System.nanoTime() - nextDropReport >= 0) {
                // not shipped (this package never is): a note in the service's own log
                LOG.warn("{} log line(s) not shipped so far: the buffer of {} lines was full", drops, capacity);
                droppedReported = drops;
                nextDropReport = System.nanoTime() + DROP_REPORT_INTERVAL_NANOS;
            }
        }
    }

    private LogLine toLine(Pending p) {
        return new LogLine(service, pid, p.seq(), p.event().getLevel().toString(), p.event().getLoggerName(),
                layout.doLayout(p.event()).stripTrailing());
    }

    /** Sends one line, retrying with a growing pause; false when stopping ran out of time first. */
    private boolean sendWithRetry(LogLine line) {
        long pause = 50;
        boolean failing = false;
        while (true) {
            try {
                sender.send(line);
                shipped.incrementAndGet();
                if (failing) {
                    LOG.info("shipping logs to {} again", topic);
                }
                return true;
            } catch (Exception e) {
                if (!failing) {
                    LOG.warn("shipping logs to {} failed, retrying: {}", topic, e.getMessage());
                    failing = true;
                }
            }
            if (stopping && System.nanoTime() - drainDeadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(pause); // back-off while the broker is away; the buffer absorbs new lines meanwhile
            } catch (InterruptedException e) {
                return false;
            }
            pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MILLIS);
        }
    }

    /** Lets the shipper send what is buffered for at most {@code drainTimeout}, then closes the producer. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // no new events from here on
        drainDeadline = System.nanoTime() + drainTimeout.toNanos();
        stopping = true;
        try {
            shipper.join(drainTimeout.toMillis() + 1_000);
            if (shipper.isAlive()) {
                shipper.interrupt(); // a send hanging past the deadline
                shipper.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unsent.addAndGet(buffer.size()); // left when the time ran out, or appended while stopping
        buffer.clear();
        sender.close();
        layout.stop();
        List<String> losses = new ArrayList<>();
        if (dropped.get() > 0) {
            losses.add(dropped.get() + " dropped (buffer full)");
        }
        if (unsent.get() > 0) {
            losses.add(unsent.get() + " unsent at shutdown");
        }
        String summary = "log shipping to " + topic + " stopped: " + shipped.get() + " line(s) shipped"
                + (losses.isEmpty() ? "" : ", " + String.join(", ", losses));
        if (losses.isEmpty()) {
            addInfo(summary);
            LOG.info(summary); // this package's lines stay in the service's own log
        } else {
            addWarn(summary);
            LOG.warn(summary);
        }
    }

    /** Lines handed to the broker so far. */
    public long shipped() {
        return shipped.get();
    }

    /** Lines dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines still buffered (or being sent) when {@link #stop()} ran out of time. */
    public long unsent() {
        return unsent.get();
    }
}
