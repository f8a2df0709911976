package io.ferrymq.tools.command;

import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code updateSubGroup} / {@code deleteSubGroup}: a consumer group's settings on brokers. */
public final class SubscriptionGroupCommands {
    private SubscriptionGroupCommands() {
    }

    private static Option group() {
        return Option.builder("g").longOpt("groupName").hasArg().required().desc("consumer group name").build();
    }

    /** Creates or replaces a group's config: unset options take RocketMQ's defaults, as with RocketMQ's command. */
    public static final class Update implements AdminCommand {
        @Override
        public String name() {
            return "updateSubGroup";
        }

        @Override
        public String description() {
            return "Update or create subscription group";
        }

        @Override
        public Options options() {
            return BrokerTargets.addTo(new Options()).addOption(group())
                    .addOption(Option.builder("s").longOpt("consumeEnable").hasArg()
                            .desc("consume enable, true|false (default true)").build())
                    .addOption(Option.builder("m").longOpt("consumeFromMinEnable").hasArg()
                            .desc("from min offset, true|false (default true)").build())
                    .addOption(Option.builder("d").longOpt("consumeBroadcastEnable").hasArg()
                            .desc("broadcast consumption allowed, true|false (default true)").build())
                    .addOption(Option.builder("q").longOpt("retryQueueNums").hasArg()
                            .desc("retry queue count (default 1)").build())
                    .addOption(Option.builder("r").longOpt("retryMaxTimes").hasArg()
                            .desc("retries before dead-lettering (default 16)").build())
                    .addOption(Option.builder("i").longOpt("brokerId").hasArg()
                            .desc("broker id to consume from (default 0)").build())
                    .addOption(Option.builder("w").longOpt("whichBrokerWhenConsumeSlowly").hasArg()
                            .desc("broker id when consuming slowly (default 1)").build())
                    .addOption(Option.builder("a").longOpt("notifyConsumerIdsChanged").hasArg()
                            .desc("notify consumers of membership changes, true|false (default true)").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            SubscriptionGroupConfig config = new SubscriptionGroupConfig(line.getOptionValue('g').trim());
            config.setConsumeEnable(BrokerTargets.boolOption(line, 's', config.isConsumeEnable()));
            config.setConsumeFromMinEnable(BrokerTargets.boolOption(line, 'm', config.isConsumeFromMinEnable()));
            config.setConsumeBroadcastEnable(BrokerTargets.boolOption(line, 'd', config.isConsumeBroadcastEnable()));
            config.setRetryQueueNums(BrokerTargets.intOption(line, 'q', config.getRetryQueueNums()));
            config.setRetryMaxTimes(BrokerTargets.intOption(line, 'r', config.getRetryMaxTimes()));
            config.setBrokerId(BrokerTargets.intOption(line, 'i', (int) config.getBrokerId()));
            config.setWhichBrokerWhenConsumeSlowly(BrokerTargets.intOption(line, 'w',
                    (int) config.getWhichBrokerWhenConsumeSlowly()));
            config.setNotifyConsumerIdsChangedEnable(BrokerTargets.boolOption(line, 'a',
                    config.isNotifyConsumerIdsChangedEnable()));
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : BrokerTargets.resolve(line, brokers)) {
                    brokers.updateSubscriptionGroup(addr, config);
                    out.printf("create subscription group to %s success.%n", addr);
                }
                out.println(new String(RemotingJson.encode(config), StandardCharsets.UTF_8));
            }
        }
    }

    public static final class Delete implements AdminCommand {
        @Override
        public String name() {
            return "deleteSubGroup";
        }

        @Override
        public String description() {
            return "Delete subscription group from broker";
        }

        @Override
        public Options options() {
            return BrokerTargets.addTo(new Options()).addOption(group())
                    .addOption(Option.builder("r").longOpt("removeOffset").hasArg()
                            .desc("also forget the group's consumer offsets, true|false (default false)").build());
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String group = line.getOptionValue('g').trim();
            boolean removeOffset = BrokerTargets.boolOption(line, 'r', false);
            try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
                for (String addr : BrokerTargets.resolve(line, brokers)) {
                    brokers.deleteSubscriptionGroup(addr, group, removeOffset);
                    out.printf("delete subscription group [%s] from broker [%s] success.%n", group, addr);
                }
            }
        }
    }
}
