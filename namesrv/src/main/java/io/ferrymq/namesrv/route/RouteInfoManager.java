package io.ferrymq.namesrv.route;

import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name server's route table: which broker groups host which topics, their addresses, and
 * which brokers are alive. Writers (registrations, expiry, admin) take the write lock; readers get
 * copies, so what they hold never changes under them.
 */
public final class RouteInfoManager {
    private static final Logger LOG = LoggerFactory.getLogger(RouteInfoManager.class);

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** topic → brokerName → queues. */
    private final Map<String, Map<String, QueueData>> topicQueueTable = new HashMap<>();
    /** brokerName → addresses by id. */
    private final Map<String, BrokerData> brokerAddrTable = new HashMap<>();
    /** cluster → brokerNames. */
    private final Map<String, Set<String>> clusterAddrTable = new HashMap<>();
    /** brokerAddr → liveness. */
    private final Map<String, BrokerLiveInfo> brokerLiveTable = new HashMap<>();
    private final Clock clock;
    private final long defaultExpiryMillis;

    public RouteInfoManager(Clock clock, long defaultExpiryMillis) {
        this.clock = clock;
        this.defaultExpiryMillis = defaultExpiryMillis;
    }

    /**
     * Records a broker's registration. A master's topic configs replace the queues this broker
     * group had (topics it no longer has lose it); slaves only refresh liveness.
     *
     * @param timeoutMillis the broker's own expiry, or 0 for the name server's default
     */
    public RegisterResult registerBroker(String clusterName, String brokerAddr, String brokerName, long brokerId,
                                         String haServerAddr, TopicConfigSerializeWrapper topics, Channel channel,
                                         long timeoutMillis) {
        lock.writeLock().lock();
        try {
            clusterAddrTable.computeIfAbsent(clusterName, k -> new TreeSet<>()).add(brokerName);
            BrokerData brokerData = brokerAddrTable.computeIfAbsent(brokerName, k -> new BrokerData(clusterName, k));
            brokerData.setCluster(clusterName);
            Map<String, String> addrs = brokerData.getBrokerAddrs();
            // one address holds one id: a slave promoted to master must not stay listed twice
            addrs.entrySet().removeIf(e -> e.getValue().equals(brokerAddr) && !e.getKey().equals(Long.toString(brokerId)));
            String previous = addrs.put(Long.toString(brokerId), brokerAddr);
            boolean firstRegistration = previous == null || !previous.equals(brokerAddr);

            DataVersion version = topics == null ? new DataVersion() : topics.getDataVersion();
            BrokerLiveInfo old = brokerLiveTable.get(brokerAddr);
            boolean topicsChanged = old == null || !version.equals(old.dataVersion);
            if (brokerId == BrokerData.MASTER_ID && topics != null && (firstRegistration || topicsChanged)) {
                replaceQueues(brokerName, topics.getTopicConfigTable());
            }
            long expiry = timeoutMillis > 0 ? timeoutMillis : defaultExpiryMillis;
            brokerLiveTable.put(brokerAddr, new BrokerLiveInfo(clusterName, brokerName, brokerId, clock.millis(),
                    expiry, version, channel, haServerAddr));
            if (old == null) {
                LOG.info("new broker registered: {} {}/{} id {} (ha {})", brokerAddr, clusterName, brokerName, brokerId,
                        haServerAddr);
            }
            if (brokerId != BrokerData.MASTER_ID) {
                String masterAddr = brokerData.masterAddr();
                BrokerLiveInfo master = masterAddr == null ? null : brokerLiveTable.get(masterAddr);
                return new RegisterResult(masterAddr, master == null ? null : master.haServerAddr);
            }
            return new RegisterResult(null, null);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void replaceQueues(String brokerName, Map<String, TopicConfig> configs) {
        for (TopicConfig config : configs.values()) {
            QueueData queueData = new QueueData(brokerName, config.getReadQueueNums(), config.getWriteQueueNums(),
                    config.getPerm(), config.getTopicSysFlag());
            QueueData before = topicQueueTable.computeIfAbsent(config.getTopicName(), k -> new HashMap<>())
                    .put(brokerName, queueData);
            if (before == null || !before.equals(queueData)) {
                LOG.info("topic {} on {}: {}", config.getTopicName(), brokerName, queueData);
            }
        }
        removeQueuesWhere(brokerName, topic -> !configs.containsKey(topic));
    }

    private int removeQueuesWhere(String brokerName, Predicate<String> topicFilter) {
        int removed = 0;
        Iterator<Map.Entry<String, Map<String, QueueData>>> it = topicQueueTable.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Map<String, QueueData>> entry = it.next();
            if (topicFilter.test(entry.getKey()) && entry.getValue().remove(brokerName) != null) {
                removed++;
                LOG.info("topic {} no longer on {}", entry.getKey(), brokerName);
                if (entry.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        return removed;
    }

    /** True when the broker's topic version differs from the registered one (or it is unknown). */
    public boolean isBrokerTopicConfigChanged(String brokerAddr, DataVersion version) {
        lock.readLock().lock();
        try {
            BrokerLiveInfo live = brokerLiveTable.get(brokerAddr);
            return live == null || !live.dataVersion.equals(version);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The registered topic version of a broker, or null when it is not registered. */
    public DataVersion dataVersionOf(String brokerAddr) {
        lock.readLock().lock();
        try {
            BrokerLiveInfo live = brokerLiveTable.get(brokerAddr);
            return live == null ? null : live.dataVersion;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Counts a data-version query as a sign of life. */
    public void touch(String brokerAddr) {
        lock.writeLock().lock();
        try {
            BrokerLiveInfo live = brokerLiveTable.get(brokerAddr);
            if (live != null) {
                live.lastUpdateMillis = clock.millis();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void unregisterBroker(String clusterName, String brokerAddr, String brokerName, long brokerId) {
        lock.writeLock().lock();
        try {
            BrokerLiveInfo live = brokerLiveTable.remove(brokerAddr);
            LOG.info("broker unregistered: {} {}/{} id {} (was {})", brokerAddr, clusterName, brokerName, brokerId,
                    live == null ? "unknown" : "live");
            removeAddress(brokerName, brokerAddr);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops the address from its broker group; an empty group leaves its cluster and topics. */
    private void removeAddress(String brokerName, String brokerAddr) {
        BrokerData brokerData = brokerAddrTable.get(brokerName);
        if (brokerData == null) {
            return;
        }
        brokerData.getBrokerAddrs().values().removeIf(brokerAddr::equals);
        if (!brokerData.getBrokerAddrs().isEmpty()) {
            return;
        }
        brokerAddrTable.remove(brokerName);
        Set<String> names = clusterAddrTable.get(brokerData.getCluster());
        if (names != null) {
            names.remove(brokerName);
            if (names.isEmpty()) {
                clusterAddrTable.remove(brokerData.getCluster());
            }
        }
        removeQueuesWhere(brokerName, topic -> true);
    }

    /** Drops every broker whose last registration is older than its expiry; returns how many. */
    public int scanNotActiveBroker() {
        lock.writeLock().lock();
        try {
            long now = clock.millis();
            List<Map.Entry<String, BrokerLiveInfo>> expired = new ArrayList<>();
            for (Map.Entry<String, BrokerLiveInfo> e : brokerLiveTable.entrySet()) {
                if (e.getValue().expired(now)) {
                    expired.add(e);
                }
            }
            for (Map.Entry<String, BrokerLiveInfo> e : expired) {
                BrokerLiveInfo live = e.getValue();
                LOG.warn("broker {} ({}) expired: no registration for {} ms", e.getKey(), live.brokerName,
                        now - live.lastUpdateMillis);
                brokerLiveTable.remove(e.getKey());
                if (live.channel != null) {
                    live.channel.close();
                }
                removeAddress(live.brokerName, e.getKey());
            }
            return expired.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A closed connection drops the broker registered over it at once. */
    public void onChannelDestroy(Channel channel) {
        if (channel == null) {
            return;
        }
        lock.writeLock().lock();
        try {
            List<String> gone = new ArrayList<>();
            brokerLiveTable.forEach((addr, live) -> {
                if (live.channel == channel) {
                    gone.add(addr);
                }
            });
            for (String addr : gone) {
                BrokerLiveInfo live = brokerLiveTable.remove(addr);
                LOG.warn("broker {} ({}) dropped: its connection closed", addr, live.brokerName);
                removeAddress(live.brokerName, addr);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The route of {@code topic}, or null when no live broker hosts it. */
    public TopicRouteData pickupTopicRouteData(String topic) {
        lock.readLock().lock();
        try {
            Map<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues == null || queues.isEmpty()) {
                return null;
            }
            TopicRouteData route = new TopicRouteData();
            List<QueueData> queueDatas = new ArrayList<>();
            List<BrokerData> brokerDatas = new ArrayList<>();
            for (QueueData q : queues.values()) {
                queueDatas.add(new QueueData(q.getBrokerName(), q.getReadQueueNums(), q.getWriteQueueNums(),
                        q.getPerm(), q.getTopicSysFlag()));
                BrokerData brokerData = brokerAddrTable.get(q.getBrokerName());
                if (brokerData != null) {
                    brokerDatas.add(brokerData.copy());
                }
            }
            if (brokerDatas.isEmpty()) {
                return null;
            }
            Collections.sort(queueDatas);
            Collections.sort(brokerDatas);
            route.setQueueDatas(queueDatas);
            route.setBrokerDatas(brokerDatas);
            return route;
        } finally {
            lock.readLock().unlock();
        }
    }

    public ClusterInfo clusterInfo() {
        lock.readLock().lock();
        try {
            ClusterInfo info = new ClusterInfo();
            Map<String, BrokerData> brokers = new TreeMap<>();
            brokerAddrTable.forEach((name, data) -> brokers.put(name, data.copy()));
            Map<String, Set<String>> clusters = new TreeMap<>();
            clusterAddrTable.forEach((cluster, names) -> clusters.put(cluster, new TreeSet<>(names)));
            info.setBrokerAddrTable(brokers);
            info.setClusterAddrTable(clusters);
            return info;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Set<String> allTopics() {
        lock.readLock().lock();
        try {
            return new TreeSet<>(topicQueueTable.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics hosted by any broker group of {@code cluster}. */
    public Set<String> topicsByCluster(String cluster) {
        lock.readLock().lock();
        try {
            Set<String> names = clusterAddrTable.getOrDefault(cluster, Set.of());
            Set<String> topics = new TreeSet<>();
            topicQueueTable.forEach((topic, queues) -> {
                if (queues.keySet().stream().anyMatch(names::contains)) {
                    topics.add(topic);
                }
            });
            return topics;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cluster names and broker names (RocketMQ lists them as system topics), and one master. */
    public Set<String> systemTopics() {
        lock.readLock().lock();
        try {
            Set<String> topics = new TreeSet<>(clusterAddrTable.keySet());
            topics.addAll(brokerAddrTable.keySet());
            return topics;
        } finally {
            lock.readLock().unlock();
        }
    }

    public String anyMasterAddr() {
        lock.readLock().lock();
        try {
            return brokerAddrTable.values().stream().map(BrokerData::masterAddr).filter(a -> a != null)
                    .sorted().findFirst().orElse(null);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Topics whose queues carry all of {@code sysFlagBits} (unit topics and the like). */
    public Set<String> topicsWithSysFlag(int sysFlagBits, int withoutBits) {
        lock.readLock().lock();
        try {
            Set<String> topics = new TreeSet<>();
            topicQueueTable.forEach((topic, queues) -> {
                for (QueueData q : queues.values()) {
                    if ((q.getTopicSysFlag() & sysFlagBits) == sysFlagBits && (q.getTopicSysFlag() & withoutBits) == 0) {
                        topics.add(topic);
                        break;
                    }
                }
            });
            return topics;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes {@code topic} everywhere, or only from the broker groups of {@code cluster}. */
    public void deleteTopic(String topic, String cluster) {
        lock.writeLock().lock();
        try {
            if (cluster == null || cluster.isEmpty()) {
                topicQueueTable.remove(topic);
                return;
            }
            Map<String, QueueData> queues = topicQueueTable.get(topic);
            if (queues != null) {
                queues.keySet().removeAll(clusterAddrTable.getOrDefault(cluster, Set.of()));
                if (queues.isEmpty()) {
                    topicQueueTable.remove(topic);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Clears (wipe) or restores the write permission of every topic of a broker group. */
    public int updateWritePerm(String brokerName, boolean writable) {
        lock.writeLock().lock();
        try {
            int count = 0;
            for (Map<String, QueueData> queues : topicQueueTable.values()) {
                QueueData q = queues.get(brokerName);
                if (q != null) {
                    q.setPerm(writable ? q.getPerm() | PermName.PERM_WRITE : q.getPerm() & ~PermName.PERM_WRITE);
                    count++;
                }
            }
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
