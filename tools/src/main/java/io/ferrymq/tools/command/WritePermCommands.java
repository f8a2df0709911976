package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code wipeWritePerm} / {@code addWritePerm}: take a broker group out of (or back into) producers' routes. */
public final class WritePermCommands {
    private WritePermCommands() {
    }

    private static Options brokerOption() {
        return new Options().addOption(Option.builder("b").longOpt("brokerName").hasArg().required()
                .desc("broker group name").build());
    }

    public static final class Wipe implements AdminCommand {
        @Override
        public String name() {
            return "wipeWritePerm";
        }

        @Override
        public String description() {
            return "Remove write permission of a broker group from all name servers";
        }

        @Override
        public Options options() {
            return brokerOption();
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            int count = admin.updateWritePerm(line.getOptionValue('b'), false);
            out.println("wipe write perm of broker " + line.getOptionValue('b') + " success, topic count: " + count);
        }
    }

    public static final class Add implements AdminCommand {
        @Override
        public String name() {
            return "addWritePerm";
        }

        @Override
        public String description() {
            return "Restore write permission of a broker group on all name servers";
        }

        @Override
        public Options options() {
            return brokerOption();
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            int count = admin.updateWritePerm(line.getOptionValue('b'), true);
            out.println("add write perm of broker " + line.getOptionValue('b') + " success, topic count: " + count);
        }
    }
}
