package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.admin.ConsumerConnection;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code consumerStatus} and {@code cloneGroupOffset}: a consumer group's clients and offsets, by hand. */
public final class ConsumerGroupCommands {
    private ConsumerGroupCommands() {
    }

    /** What each online client of a group (or the one {@code -i} names) says of itself, as JSON. */
    public static final class Status implements AdminCommand {
        @Override
        public String name() {
            return "consumerStatus";
        }

        @Override
        public String description() {
            return "Show the running state a consumer group's clients report (subscriptions, queues, settings)";
        }

        @Override
        public Options options() {
            return new Options()
                    .addOption(Option.builder("g").longOpt("consumerGroup").hasArg().required()
                            .desc("consumer group").build())
                    .addOption(Option.builder("i").longOpt("clientId").hasArg().desc("one client only").build())
                    .addOption(Option.builder("s").longOpt("jstack").desc("include the client's thread stacks")
                            .build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String group = line.getOptionValue('g').trim();
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 15_000)) {
                Map<String, String> masters = brokers.mastersOfGroup(group);
                for (String addr : masters.values()) {
                    ConsumerConnection connection = brokers.consumerConnection(addr, group);
                    if (connection == null || connection.getConnectionSet().isEmpty()) {
                        continue;
                    }
                    List<String> clients = line.hasOption('i') ? List.of(line.getOptionValue('i').trim())
                            : connection.getConnectionSet().stream().map(c -> c.getClientId()).sorted().toList();
                    for (String clientId : clients) {
                        out.printf("%s%n%s%n", clientId,
                                brokers.consumerRunningInfo(addr, group, clientId, line.hasOption('s')));
                    }
                    return;
                }
                throw new AdminException("the consumer group " + group + " is not online");
            }
        }
    }

    public static final class CloneOffset implements AdminCommand {
        @Override
        public String name() {
            return "cloneGroupOffset";
        }

        @Override
        public String description() {
            return "Give a consumer group the offsets of another on every broker of the topic";
        }

        @Override
        public Options options() {
            return new Options()
                    .addOption(Option.builder("s").longOpt("srcGroup").hasArg().required().desc("source group")
                            .build())
                    .addOption(Option.builder("d").longOpt("destGroup").hasArg().required()
                            .desc("destination group").build())
                    .addOption(Option.builder("t").longOpt("topic").hasArg().required().desc("topic").build())
                    .addOption(Option.builder("o").longOpt("offline").hasArg()
                            .desc("the source group is offline, true|false (default false)").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String src = line.getOptionValue('s').trim();
            String dest = line.getOptionValue('d').trim();
            String topic = line.getOptionValue('t').trim();
            boolean offline = BrokerTargets.boolOption(line, 'o', false);
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                Map<String, String> masters = brokers.mastersOfRoutedTopic(topic);
                for (String addr : masters.values()) {
                    brokers.cloneGroupOffset(addr, src, dest, topic, offline);
                }
                out.printf("clone group offset success. srcGroup[%s], destGroup=[%s], topic[%s]%n", src, dest, topic);
            }
        }
    }
}
