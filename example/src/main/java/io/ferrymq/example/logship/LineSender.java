package io.ferrymq.example.logship;

/** Where the log shipper's thread hands each line: the broker (through a producer), or a test's fake. */
public interface LineSender extends AutoCloseable {
    /** Sends one line and returns once it is stored; throws when it was not (the shipper retries). */
    void send(LogLine line) throws Exception;

    @Override
    void close();
}
