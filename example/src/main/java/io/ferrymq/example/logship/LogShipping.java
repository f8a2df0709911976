package io.ferrymq.example.logship;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Attaches a {@link TopicLogAppender} to a service's root logger, without an XML file naming the service. */
public final class LogShipping {
    private static final Logger LOG = LoggerFactory.getLogger(LogShipping.class);

    private LogShipping() {
    }

    /**
     * Ships every line of this process from now on, as {@code service}, to the {@code ServiceLogs} topic of
     * the broker(s) known to {@code namesrv}. A shutdown hook stops the shipping (draining the buffer for a
     * moment); a process that means to die abruptly can stop Logback's context first for the same effect.
     *
     * @return the started appender, or null when Logback is not the SLF4J backend or the appender did not start
     */
    public static TopicLogAppender install(String service, String namesrv) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            LOG.warn("not shipping logs: Logback is not the logging backend");
            return null;
        }
        TopicLogAppender appender = new TopicLogAppender();
        appender.setContext(context);
        appender.setName("ServiceLogs");
        appender.setService(service);
        appender.setNamesrv(namesrv);
        appender.start();
        if (!appender.isStarted()) {
            LOG.warn("not shipping logs of {} (see Logback's status messages)", service);
            return null;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        Runtime.getRuntime().addShutdownHook(new Thread(appender::stop, service + "-log-shipping-stop"));
        return appender;
    }
}
