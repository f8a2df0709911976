package io.ferrymq.tools.command;

import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code topicRoute -t topic}: the route JSON a client would receive. */
public final class TopicRouteCommand implements AdminCommand {
    @Override
    public String name() {
        return "topicRoute";
    }

    @Override
    public String description() {
        return "Show the route of a topic";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("t").longOpt("topic").hasArg().required().desc("topic name").build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        String topic = line.getOptionValue('t');
        TopicRouteData route = admin.topicRoute(topic);
        if (route == null) {
            throw new AdminException("no route for topic " + topic);
        }
        out.println(new String(RemotingJson.encode(route), StandardCharsets.UTF_8));
    }
}
