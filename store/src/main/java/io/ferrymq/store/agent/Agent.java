package io.ferrymq.store.agent;

/**
 * One duty cycle of a background service (flush, dispatch, retention...). An {@link AgentRunner} calls
 * {@link #doWork()} in a loop on its own thread and backs off while it returns 0.
 *
 * <p>All methods run on the runner's thread, so the agent's state needs no locks unless it is
 * shared with other threads on purpose.
 */
public interface Agent {

    /**
     * Does a bounded amount of work.
     *
     * @return how much was done (0 = nothing to do, the runner idles)
     * @throws Exception handed to the runner's error handler; the loop goes on unless the agent
     *                   decided otherwise (for example a sticky I/O failure)
     */
    int doWork() throws Exception;

    /** Thread name and log label. */
    String roleName();

    /** Called once on the runner's thread after the loop stops. */
    default void onClose() {
    }
}
