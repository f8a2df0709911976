package io.ferrymq.tools.command;

import io.ferrymq.common.MQVersion;
import io.ferrymq.remoting.protocol.admin.Connection;
import io.ferrymq.remoting.protocol.admin.ConsumeStats;
import io.ferrymq.remoting.protocol.admin.ConsumerConnection;
import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.remoting.protocol.admin.OffsetWrapper;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code consumerProgress -g group [-t topic]}: per queue, the broker's offset, the group's offset,
 * the backlog between them and when the last consumed message was stored; then the group's
 * consume rate and total backlog. Without {@code -g}: one summary line per consumer group known to
 * the brokers (live clients, client version, consume type and model, rate, backlog).
 */
public final class ConsumerProgressCommand implements AdminCommand {
    private static final String ROW = "%-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s%n";
    private static final String GROUP_ROW = "%-64s  %-6s  %-24s  %-5s  %-14s  %-8s  %s%n";

    @Override
    public String name() {
        return "consumerProgress";
    }

    @Override
    public String description() {
        return "Query consumers's progress, speed";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("g").longOpt("groupName").hasArg()
                        .desc("consumer group name (all groups when absent)").build())
                .addOption(Option.builder("t").longOpt("topicName").hasArg().desc("only this topic").build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
            if (line.hasOption('g')) {
                printGroup(brokers, line.getOptionValue('g').trim(),
                        line.hasOption('t') ? line.getOptionValue('t').trim() : null, out);
            } else {
                printAllGroups(brokers, out);
            }
        }
    }

    private static void printGroup(BrokerAdmin brokers, String group, String topic, PrintStream out) {
        Map<MessageQueueKey, OffsetWrapper> all = new TreeMap<>();
        double tps = 0;
        for (String addr : brokers.mastersOfGroup(group).values()) {
            ConsumeStats stats = brokers.consumeStats(addr, group, topic);
            all.putAll(stats.getOffsetTable());
            tps += stats.getConsumeTps();
        }
        if (all.isEmpty()) {
            throw new AdminException("no consume progress for group " + group
                    + ": it has not consumed anything yet");
        }
        out.printf(ROW, "#Topic", "#Broker Name", "#QID", "#Broker Offset", "#Consumer Offset", "#Diff",
                "#LastTime");
        long diffTotal = 0;
        for (Map.Entry<MessageQueueKey, OffsetWrapper> e : all.entrySet()) {
            OffsetWrapper w = e.getValue();
            long diff = w.getBrokerOffset() - w.getConsumerOffset();
            diffTotal += diff;
            out.printf(ROW, e.getKey().getTopic(), e.getKey().getBrokerName(), e.getKey().getQueueId(),
                    w.getBrokerOffset(), w.getConsumerOffset(), diff, Times.seconds(w.getLastTimestamp()));
        }
        out.println();
        out.printf(Locale.ROOT, "Consume TPS: %.2f%n", tps);
        out.printf("Diff Total: %d%n", diffTotal);
    }

    /** Groups with a live client or any consume progress; brokers that do not know a group are skipped. */
    private static void printAllGroups(BrokerAdmin brokers, PrintStream out) {
        Map<String, String> masters = brokers.mastersOfAll();
        Set<String> groups = new TreeSet<>();
        for (String addr : masters.values()) {
            groups.addAll(brokers.subscriptionGroups(addr).getSubscriptionGroupTable().keySet());
        }
        out.printf(GROUP_ROW, "#Group", "#Count", "#Version", "#Type", "#Model", "#TPS", "#Diff Total");
        for (String group : groups) {
            Set<String> clients = new TreeSet<>();
            ConsumerConnection first = null;
            int version = 0;
            long diff = 0;
            double tps = 0;
            boolean progress = false;
            for (String addr : masters.values()) {
                ConsumerConnection cc = brokers.consumerConnection(addr, group);
                if (cc != null) {
                    first = first == null ? cc : first;
                    for (Connection c : cc.getConnectionSet()) {
                        clients.add(c.getClientId());
                        version = Math.max(version, c.getVersion());
                    }
                }
                ConsumeStats stats = brokers.consumeStatsIfKnown(addr, group);
                if (stats != null && !stats.getOffsetTable().isEmpty()) {
                    progress = true;
                    diff += stats.computeTotalDiff();
                    tps += stats.getConsumeTps();
                }
            }
            if (first == null && !progress) {
                continue;
            }
            out.printf(Locale.ROOT, GROUP_ROW, group, clients.size(), first == null ? "OFFLINE" : MQVersion.desc(version),
                    first == null ? "" : typeOf(first.getConsumeType()), first == null ? "" : first.getMessageModel(),
                    String.format(Locale.ROOT, "%.2f", tps), diff);
        }
    }

    /** RocketMQ's short names: PUSH for CONSUME_PASSIVELY, PULL for CONSUME_ACTIVELY. */
    private static String typeOf(String consumeType) {
        if ("CONSUME_PASSIVELY".equals(consumeType)) {
            return "PUSH";
        }
        return "CONSUME_ACTIVELY".equals(consumeType) ? "PULL" : String.valueOf(consumeType);
    }
}
