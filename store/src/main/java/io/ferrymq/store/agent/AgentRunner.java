package io.ferrymq.store.agent;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Agent} on a dedicated daemon thread: {@code doWork()} in a loop, idle back-off when
 * it does nothing, errors to one handler. {@link #close()} stops the loop, waits for it, and runs
 * {@link Agent#onClose()} on the agent's thread.
 */
public final class AgentRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private final Agent agent;
    private final IdleStrategy idle;
    private final Consumer<Throwable> errorHandler;
    private final Thread thread;
    private volatile boolean running = true;

    public AgentRunner(Agent agent, IdleStrategy idle, Consumer<Throwable> errorHandler) {
        this.agent = agent;
        this.idle = idle;
        this.errorHandler = errorHandler;
        this.thread = new Thread(this::run, agent.roleName());
        this.thread.setDaemon(true);
    }

    /** Logs errors at ERROR and carries on. */
    public AgentRunner(Agent agent, IdleStrategy idle) {
        this(agent, idle, e -> LOG.error("{} failed in doWork", agent.roleName(), e));
    }

    public AgentRunner start() {
        thread.start();
        return this;
    }

    /** Cuts the current park short, e.g. when new work was queued for the agent. Any thread. */
    public void wakeUp() {
        LockSupport.unpark(thread);
    }

    public Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (running) {
                int work;
                try {
                    work = agent.doWork();
                } catch (Throwable e) {
                    work = 0;
                    errorHandler.accept(e);
                }
                idle.idle(work);
            }
        } finally {
            try {
                agent.onClose();
            } catch (Throwable e) {
                errorHandler.accept(e);
            }
        }
    }

    /** Stops the loop and waits up to 10 s for the thread to end. */
    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                agent.onClose();
            }
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within 10 s", agent.roleName());
        }
    }
}
