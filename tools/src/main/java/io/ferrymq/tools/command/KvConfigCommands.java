package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.AdminException;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code updateKvConfig}, {@code deleteKvConfig}, {@code getKvConfig}: namespaced name-server settings. */
public final class KvConfigCommands {
    private KvConfigCommands() {
    }

    private static Options keyOptions(boolean withValue) {
        Options options = new Options()
                .addOption(Option.builder("s").longOpt("namespace").hasArg().required().desc("namespace").build())
                .addOption(Option.builder("k").longOpt("key").hasArg().required().desc("key").build());
        if (withValue) {
            options.addOption(Option.builder("v").longOpt("value").hasArg().required().desc("value").build());
        }
        return options;
    }

    public static final class Update implements AdminCommand {
        @Override
        public String name() {
            return "updateKvConfig";
        }

        @Override
        public String description() {
            return "Create or update a KV config item on every name server";
        }

        @Override
        public Options options() {
            return keyOptions(true);
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            admin.putKVConfig(line.getOptionValue('s'), line.getOptionValue('k'), line.getOptionValue('v'));
            out.println("update kv config success");
        }
    }

    public static final class Delete implements AdminCommand {
        @Override
        public String name() {
            return "deleteKvConfig";
        }

        @Override
        public String description() {
            return "Delete a KV config item on every name server";
        }

        @Override
        public Options options() {
            return keyOptions(false);
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            admin.deleteKVConfig(line.getOptionValue('s'), line.getOptionValue('k'));
            out.println("delete kv config success");
        }
    }

    public static final class Get implements AdminCommand {
        @Override
        public String name() {
            return "getKvConfig";
        }

        @Override
        public String description() {
            return "Show a KV config item";
        }

        @Override
        public Options options() {
            return keyOptions(false);
        }

        @Override
        public void execute(CommandLine line, NamesrvAdmin admin, PrintStream out) {
            String value = admin.getKVConfig(line.getOptionValue('s'), line.getOptionValue('k'));
            if (value == null) {
                throw new AdminException("no KV config item " + line.getOptionValue('s') + ":" + line.getOptionValue('k'));
            }
            out.println(value);
        }
    }
}
