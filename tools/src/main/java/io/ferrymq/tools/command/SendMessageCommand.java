package io.ferrymq.tools.command;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.common.message.Message;
import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code sendMessage -t topic -p body [-k keys] [-c tags]}: sends one message and prints where it went. */
public final class SendMessageCommand implements AdminCommand {
    @Override
    public String name() {
        return "sendMessage";
    }

    @Override
    public String description() {
        return "Send a message";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("t").longOpt("topic").hasArg().required().desc("topic").build())
                .addOption(Option.builder("p").longOpt("body").hasArg().required().desc("message body (UTF-8)").build())
                .addOption(Option.builder("k").longOpt("key").hasArg().desc("message keys").build())
                .addOption(Option.builder("c").longOpt("tags").hasArg().desc("message tag").build());
    }

    @Override
    public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
        ClientConfig config = ClientConfig.builder().namesrvAddr(admin.namesrvAddrList())
                .instanceName("mqadmin-" + ProcessHandle.current().pid()).build();
        try (Producer producer = Producer.builder("TOOLS_SEND_MESSAGE").config(config).build()) {
            Message msg = new Message(line.getOptionValue('t'), line.getOptionValue('c'), line.getOptionValue('k'),
                    line.getOptionValue('p').getBytes(StandardCharsets.UTF_8));
            SendResult r = producer.send(msg);
            out.printf("%-22s %-5s %-8s %-10s %s%n", "#Broker Name", "#QID", "#Offset", "#Status", "#MsgId");
            out.printf("%-22s %-5d %-8d %-10s %s%n", r.queue().brokerName(), r.queue().queueId(), r.queueOffset(),
                    r.status(), r.msgId());
        } catch (ClientException e) {
            throw new AdminException(e.getMessage());
        }
    }
}
