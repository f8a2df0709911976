package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code topicList}: every topic some live broker hosts. */
public final class TopicListCommand implements AdminCommand {
    @Override
    public String name() {
        return "topicList";
    }

    @Override
    public String description() {
        return "List all topics known to the name server";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        admin.topicList().getTopicList().forEach(out::println);
    }
}
