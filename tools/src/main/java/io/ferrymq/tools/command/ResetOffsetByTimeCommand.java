package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.admin.ConsumeStats;
import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.remoting.protocol.admin.ResetOffsetBody;
import io.ferrymq.remoting.protocol.admin.TopicOffset;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code resetOffsetByTime -g group -t topic -s time [-f true|false]}: moves a group's offsets on a topic to
 * the first message stored at or after {@code time} ({@code -1}: the end), on every broker of the topic. An
 * online group is reset by the broker, which tells its consumers; an offline one gets its offsets set queue by
 * queue and picks them up when it starts. Without force ({@code -f false}) a queue only moves back.
 */
public final class ResetOffsetByTimeCommand implements AdminCommand {
    @Override
    public String name() {
        return "resetOffsetByTime";
    }

    @Override
    public String description() {
        return "Reset a consumer group's offsets on a topic to a point in time";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("g").longOpt("group").hasArg().required().desc("consumer group").build())
                .addOption(Option.builder("t").longOpt("topic").hasArg().required().desc("topic").build())
                .addOption(Option.builder("s").longOpt("timestamp").hasArg().required()
                        .desc("now | epoch milliseconds | yyyy-MM-dd#HH:mm:ss:SSS | -1 (the end)").build())
                .addOption(Option.builder("f").longOpt("force").hasArg()
                        .desc("also move forward, true|false (default true)").build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        String group = line.getOptionValue('g').trim();
        String topic = line.getOptionValue('t').trim();
        long timestamp = line.getOptionValue('s').trim().equals("-1") ? -1 : Times.parse(line.getOptionValue('s'));
        boolean force = BrokerTargets.boolOption(line, 'f', true);
        try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
            Map<String, String> masters = brokers.mastersOfRoutedTopic(topic);
            out.printf("rollback consumer offset by specified group[%s], topic[%s], timestamp[%d], force[%s]%n",
                    group, topic, timestamp, force);
            out.printf(Locale.ROOT, "%-40s  %-40s  %-8s  %s%n", "#brokerName", "#topic", "#queueId", "#offset");
            for (Map.Entry<String, String> master : masters.entrySet()) {
                String addr = master.getValue();
                Map<Integer, Long> reset = brokers.resetOffsetOfOnlineGroup(addr, topic, group, timestamp, force);
                if (reset == null) {
                    reset = resetOffline(brokers, addr, topic, group, timestamp, force);
                }
                reset.forEach((queueId, offset) -> out.printf(Locale.ROOT, "%-40s  %-40s  %-8d  %d%n",
                        master.getKey(), topic, queueId, offset));
            }
        }
    }

    /** Nobody of the group online on that broker: set each queue's offset directly. */
    private static Map<Integer, Long> resetOffline(BrokerAdmin brokers, String addr, String topic, String group,
                                                   long timestamp, boolean force) {
        Map<Integer, Long> current = new TreeMap<>();
        ConsumeStats progress = brokers.consumeStatsIfKnown(addr, group);
        if (progress != null) {
            progress.getOffsetTable().forEach((q, w) -> {
                if (q.getTopic().equals(topic)) {
                    current.put(q.getQueueId(), w.getConsumerOffset());
                }
            });
        }
        Map<Integer, Long> reset = new TreeMap<>();
        for (Map.Entry<MessageQueueKey, TopicOffset> q : brokers.topicStats(addr, topic).getOffsetTable().entrySet()) {
            int queueId = q.getKey().getQueueId();
            long target = timestamp == -1 ? q.getValue().getMaxOffset()
                    : brokers.offsetByTime(addr, topic, queueId, timestamp);
            long now = current.getOrDefault(queueId, -1L);
            long chosen = ResetOffsetBody.resetTo(target, now, force);
            brokers.updateConsumerOffset(addr, group, topic, queueId, chosen);
            reset.put(queueId, chosen);
        }
        return reset;
    }
}
