package io.ferrymq.tools.command;

import io.ferrymq.common.MQVersion;
import io.ferrymq.remoting.protocol.admin.Connection;
import io.ferrymq.remoting.protocol.admin.ConsumerConnection;
import io.ferrymq.remoting.protocol.admin.ProducerConnection;
import io.ferrymq.remoting.protocol.admin.SubscriptionInfo;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code consumerConnection} / {@code producerConnection}: the live clients of a group. */
public final class ConnectionCommands {
    private ConnectionCommands() {
    }

    /** Connections of every broker asked, one per client id (a client connects to each broker). */
    private static void addConnections(Map<String, Connection> byClientId, Iterable<Connection> connections) {
        for (Connection c : connections) {
            byClientId.putIfAbsent(c.getClientId(), c);
        }
    }

    private static String row(int index, Connection c, String indexFormat) {
        return String.format(indexFormat + "  %-32s %-22s %-8s %s", index, c.getClientId(), c.getClientAddr(),
                c.getLanguage(), MQVersion.desc(c.getVersion()));
    }

    public static final class Consumer implements AdminCommand {
        @Override
        public String name() {
            return "consumerConnection";
        }

        @Override
        public String description() {
            return "Query consumer's socket connection, client version and subscription";
        }

        @Override
        public Options options() {
            return new Options().addOption(Option.builder("g").longOpt("consumerGroup").hasArg().required()
                    .desc("consumer group name").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String group = line.getOptionValue('g').trim();
            Map<String, Connection> connections = new TreeMap<>();
            ConsumerConnection first = null;
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : brokers.mastersOfGroup(group).values()) {
                    ConsumerConnection cc = brokers.consumerConnection(addr, group);
                    if (cc != null) {
                        first = first == null ? cc : first;
                        addConnections(connections, cc.getConnectionSet());
                    }
                }
            }
            if (first == null) {
                throw new AdminException("the consumer group [" + group + "] is not online");
            }
            int i = 1;
            for (Connection c : connections.values()) {
                out.println(row(i++, c, "%03d"));
            }
            out.printf("%nBelow is subscription:%n");
            i = 1;
            for (Map.Entry<String, SubscriptionInfo> e : new TreeMap<>(first.getSubscriptionTable()).entrySet()) {
                out.printf("%03d  Topic: %-40s SubExpression: %s%n", i++, e.getKey(), e.getValue().getSubString());
            }
            out.println();
            out.printf("ConsumeType: %s%n", first.getConsumeType());
            out.printf("MessageModel: %s%n", first.getMessageModel());
            out.printf("ConsumeFromWhere: %s%n", first.getConsumeFromWhere());
        }
    }

    public static final class Producer implements AdminCommand {
        @Override
        public String name() {
            return "producerConnection";
        }

        @Override
        public String description() {
            return "Query producer's socket connection and client version";
        }

        @Override
        public Options options() {
            return new Options()
                    .addOption(Option.builder("g").longOpt("producerGroup").hasArg().required()
                            .desc("producer group name").build())
                    .addOption(Option.builder("t").longOpt("topic").hasArg().required()
                            .desc("a topic the group sends to (its brokers are asked)").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String group = line.getOptionValue('g').trim();
            String topic = line.getOptionValue('t').trim();
            Map<String, Connection> connections = new TreeMap<>();
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                Map<String, String> masters = brokers.mastersOfRoutedTopic(topic);
                for (String addr : masters.values()) {
                    ProducerConnection pc = brokers.producerConnection(addr, group);
                    if (pc != null) {
                        addConnections(connections, pc.getConnectionSet());
                    }
                }
            }
            if (connections.isEmpty()) {
                throw new AdminException("the producer group [" + group + "] has no connection to the brokers of "
                        + topic);
            }
            int i = 1;
            for (Connection c : connections.values()) {
                out.println(row(i++, c, "%04d"));
            }
        }
    }
}
