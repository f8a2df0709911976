package io.ferrymq.tools.command;

import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code updateTopic} / {@code deleteTopic}: a topic's config on brokers (and its routes on name servers). */
public final class TopicCommands {
    private static final int DEFAULT_QUEUES = 8;

    private TopicCommands() {
    }

    private static Option topic() {
        return Option.builder("t").longOpt("topic").hasArg().required().desc("topic name").build();
    }

    public static final class Update implements AdminCommand {
        @Override
        public String name() {
            return "updateTopic";
        }

        @Override
        public String description() {
            return "Update or create topic";
        }

        @Override
        public Options options() {
            return BrokerTargets.addTo(new Options()).addOption(topic())
                    .addOption(Option.builder("r").longOpt("readQueueNums").hasArg()
                            .desc("read queue count (default 8)").build())
                    .addOption(Option.builder("w").longOpt("writeQueueNums").hasArg()
                            .desc("write queue count (default 8)").build())
                    .addOption(Option.builder("p").longOpt("perm").hasArg()
                            .desc("permission: 2 write, 4 read, 6 both (default 6)").build())
                    .addOption(Option.builder("o").longOpt("order").hasArg()
                            .desc("ordered topic, true|false (default false)").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            TopicConfig config = new TopicConfig(line.getOptionValue('t').trim(),
                    BrokerTargets.intOption(line, 'r', DEFAULT_QUEUES), BrokerTargets.intOption(line, 'w', DEFAULT_QUEUES),
                    BrokerTargets.intOption(line, 'p', PermName.PERM_READ_WRITE));
            config.setOrder(BrokerTargets.boolOption(line, 'o', false));
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : BrokerTargets.resolve(line, brokers)) {
                    brokers.updateTopic(addr, config);
                    out.printf("create topic to %s success.%n", addr);
                }
                out.println(new String(RemotingJson.encode(config), StandardCharsets.UTF_8));
            }
        }
    }

    public static final class Delete implements AdminCommand {
        @Override
        public String name() {
            return "deleteTopic";
        }

        @Override
        public String description() {
            return "Delete topic from broker and NameServer";
        }

        @Override
        public Options options() {
            return new Options().addOption(topic()).addOption(Option.builder("c").longOpt("clusterName").hasArg()
                    .required().desc("cluster name: the topic goes from every master of it").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String topic = line.getOptionValue('t').trim();
            String cluster = line.getOptionValue('c').trim();
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : brokers.mastersOfCluster(cluster).values()) {
                    brokers.deleteTopicInBroker(addr, topic);
                }
                out.printf("delete topic [%s] from cluster [%s] success.%n", topic, cluster);
                admin.deleteTopic(topic, cluster);
                out.printf("delete topic [%s] from NameServer success.%n", topic);
            }
        }
    }
}
