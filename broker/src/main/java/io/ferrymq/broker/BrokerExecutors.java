package io.ferrymq.broker;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One bounded executor per kind of request, so a slow kind cannot starve the others; a full queue
 * makes the remoting layer answer SYSTEM_BUSY.
 */
final class BrokerExecutors {
    final ExecutorService send;
    final ExecutorService pull;
    final ExecutorService query;
    final ExecutorService admin;
    final ExecutorService clientManage;
    final ExecutorService consumerManage;
    final ExecutorService heartbeat;
    private final List<ExecutorService> all = new ArrayList<>();

    BrokerExecutors(BrokerConfig c) {
        send = create("SendMessageThread", c.sendMessageThreadPoolNums(), c.sendThreadPoolQueueCapacity());
        pull = create("PullMessageThread", c.pullMessageThreadPoolNums(), c.pullThreadPoolQueueCapacity());
        query = create("QueryMessageThread", c.queryMessageThreadPoolNums(), c.otherThreadPoolQueueCapacity());
        admin = create("AdminBrokerThread", c.adminBrokerThreadPoolNums(), c.otherThreadPoolQueueCapacity());
        clientManage = create("ClientManageThread", c.clientManageThreadPoolNums(), c.otherThreadPoolQueueCapacity());
        consumerManage = create("ConsumerManageThread", c.consumerManageThreadPoolNums(),
                c.otherThreadPoolQueueCapacity());
        heartbeat = create("HeartbeatThread", c.heartbeatThreadPoolNums(), c.otherThreadPoolQueueCapacity());
    }

    private ExecutorService create(String name, int threads, int capacity) {
        ExecutorService e = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(capacity), new DefaultThreadFactory(name, true));
        all.add(e);
        return e;
    }

    /** Queue sizes and capacities of the send, pull and query executors, by RocketMQ's runtime-info keys. */
    Map<String, String> queueInfo(BrokerConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sendThreadPoolQueueSize", Integer.toString(queueSize(send)));
        m.put("sendThreadPoolQueueCapacity", Integer.toString(c.sendThreadPoolQueueCapacity()));
        m.put("pullThreadPoolQueueSize", Integer.toString(queueSize(pull)));
        m.put("pullThreadPoolQueueCapacity", Integer.toString(c.pullThreadPoolQueueCapacity()));
        m.put("queryThreadPoolQueueSize", Integer.toString(queueSize(query)));
        m.put("queryThreadPoolQueueCapacity", Integer.toString(c.otherThreadPoolQueueCapacity()));
        return m;
    }

    private static int queueSize(ExecutorService e) {
        return e instanceof ThreadPoolExecutor t ? t.getQueue().size() : 0;
    }

    void shutdown() {
        all.forEach(ExecutorService::shutdown);
        for (ExecutorService e : all) {
            try {
                if (!e.awaitTermination(3, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                e.shutdownNow();
            }
        }
    }
}
