package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.admin.ConsumeStats;
import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.remoting.protocol.admin.OffsetWrapper;
import io.ferrymq.tools.admin.AdminException;
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
 * {@code consumerProgress -g group [-t topic]}: per queue, the broker's offset, the group's offset,
 * the backlog between them and when the last consumed message was stored; then the group's
 * consume rate and total backlog.
 */
public final class ConsumerProgressCommand implements AdminCommand {
    private static final String ROW = "%-64s  %-32s  %-4s  %-20s  %-20s  %-20s  %s%n";

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
                .addOption(Option.builder("g").longOpt("groupName").hasArg().required().desc("consumer group name")
                        .build())
                .addOption(Option.builder("t").longOpt("topicName").hasArg().desc("only this topic").build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        String group = line.getOptionValue('g').trim();
        String topic = line.hasOption('t') ? line.getOptionValue('t').trim() : null;
        try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
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
    }
}
