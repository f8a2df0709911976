package io.ferrymq.tools.command;

import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code mqadmin} sub-command, named as in RocketMQ. */
public interface AdminCommand {
    String name();

    String description();

    /** Options besides the common {@code -n} and {@code -h}. */
    Options options();

    void execute(CommandLine line, NamesrvAdmin admin, PrintStream out);
}
