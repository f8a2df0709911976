package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.remoting.protocol.admin.TopicOffset;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code topicStatus -t topic}: per queue of every broker group, min and max offset and last store time. */
public final class TopicStatusCommand implements AdminCommand {
    private static final String ROW = "%-32s  %-4s  %-20s  %-20s    %s%n";

    @Override
    public String name() {
        return "topicStatus";
    }

    @Override
    public String description() {
        return "Examine topic Status info";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("t").longOpt("topic").hasArg().required().desc("topic name")
                .build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        String topic = line.getOptionValue('t').trim();
        try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
            Map<String, String> masters = brokers.mastersOfRoutedTopic(topic);
            Map<MessageQueueKey, TopicOffset> all = new TreeMap<>();
            for (String addr : masters.values()) {
                all.putAll(brokers.topicStats(addr, topic).getOffsetTable());
            }
            out.printf(ROW, "#Broker Name", "#QID", "#Min Offset", "#Max Offset", "#Last Updated");
            all.forEach((q, o) -> out.printf(ROW, q.getBrokerName(), q.getQueueId(), o.getMinOffset(),
                    o.getMaxOffset(), Times.withMillis(o.getLastUpdateTimestamp())));
        }
    }
}
