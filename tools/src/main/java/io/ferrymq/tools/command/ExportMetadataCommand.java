package io.ferrymq.tools.command;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code exportMetadata}: the topic configs and subscription groups of a broker (or of every master of a
 * cluster, merged) as RocketMQ-shaped JSON: {@code metadata.json} ({@code topicConfigTable},
 * {@code subscriptionGroupTable}, {@code exportTime}), or with {@code -t} / {@code -g} only
 * {@code topic.json} / {@code subscriptionGroup.json}. System topics are left out, and retry and dead-letter
 * topics too unless {@code -s}. Renamed to {@code topics.json} / {@code subscriptionGroup.json} and put in
 * a new broker's {@code <storePathRootDir>/config/}, the tables are imported when it starts.
 */
public final class ExportMetadataCommand implements AdminCommand {
    static final String DEFAULT_PATH = "/tmp/rocketmq/export";

    @Override
    public String name() {
        return "exportMetadata";
    }

    @Override
    public String description() {
        return "Export the topics and subscription groups of a broker or cluster as JSON";
    }

    @Override
    public Options options() {
        return BrokerTargets.addTo(new Options())
                .addOption(Option.builder("f").longOpt("filePath").hasArg()
                        .desc("directory for the exported files (default " + DEFAULT_PATH + ")").build())
                .addOption(Option.builder("t").longOpt("topic").desc("only export topic metadata (topic.json)").build())
                .addOption(Option.builder("g").longOpt("subscriptionGroup")
                        .desc("only export subscriptionGroup metadata (subscriptionGroup.json)").build())
                .addOption(Option.builder("s").longOpt("specialTopic").desc("include retry and dead-letter topics")
                        .build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        if (line.hasOption('t') && line.hasOption('g')) {
            throw new IllegalArgumentException("-t and -g exclude each other (neither: both tables)");
        }
        Path dir = Path.of(line.getOptionValue('f', DEFAULT_PATH).trim());
        boolean special = line.hasOption('s');
        Map<String, TopicConfig> topics = new TreeMap<>();
        Map<String, SubscriptionGroupConfig> groups = new TreeMap<>();
        try (BrokerAdmin brokers = new BrokerAdmin(admin, 5000)) {
            Set<String> namedTopics = clusterAndBrokerNames(admin.clusterInfo());
            for (String addr : BrokerTargets.resolve(line, brokers)) {
                if (!line.hasOption('g')) {
                    brokers.topicConfigs(addr).getTopicConfigTable().forEach((name, config) -> {
                        if (config != null && exported(name, special, namedTopics)) {
                            topics.merge(name, config, ExportMetadataCommand::wider);
                        }
                    });
                }
                if (!line.hasOption('t')) {
                    brokers.subscriptionGroups(addr).getSubscriptionGroupTable().forEach((name, config) -> {
                        if (config != null) {
                            groups.putIfAbsent(name, config);
                        }
                    });
                }
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        String file;
        if (line.hasOption('t')) {
            file = "topic.json";
            doc.put("topicConfigTable", topics);
        } else if (line.hasOption('g')) {
            file = "subscriptionGroup.json";
            doc.put("subscriptionGroupTable", groups);
        } else {
            file = "metadata.json";
            doc.put("topicConfigTable", topics);
            doc.put("subscriptionGroupTable", groups);
        }
        doc.put("exportTime", System.currentTimeMillis());
        Path target = dir.resolve(file);
        try {
            Files.createDirectories(dir);
            Files.writeString(target, JSON.toJSONString(doc, JSONWriter.Feature.PrettyFormat), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AdminException("cannot write " + target + ": " + e);
        }
        out.printf("export %s success: %d topics, %d subscription groups%n", target, topics.size(), groups.size());
    }

    /** Topics named after clusters and brokers are the brokers' own (routing), like the fixed system topics. */
    private static Set<String> clusterAndBrokerNames(ClusterInfo info) {
        Set<String> names = new HashSet<>(info.getClusterAddrTable().keySet());
        names.addAll(info.getBrokerAddrTable().keySet());
        return names;
    }

    private static boolean exported(String topic, boolean special, Set<String> namedTopics) {
        if (SystemTopics.SYSTEM_TOPICS.contains(topic) || topic.startsWith(SystemTopics.SYSTEM_TOPIC_PREFIX)
                || namedTopics.contains(topic)) {
            return false;
        }
        return special || !(SystemTopics.isRetryTopic(topic) || SystemTopics.isDlqTopic(topic));
    }

    /** Brokers of a cluster may differ in queue counts: the export keeps the larger, as a create would need. */
    private static TopicConfig wider(TopicConfig a, TopicConfig b) {
        TopicConfig merged = a.copy();
        merged.setReadQueueNums(Math.max(a.getReadQueueNums(), b.getReadQueueNums()));
        merged.setWriteQueueNums(Math.max(a.getWriteQueueNums(), b.getWriteQueueNums()));
        return merged;
    }
}
