package io.ferrymq.remoting.protocol.body;

import java.util.Objects;

/** A broker's topic-config version: changes whenever its topic set changes. */
public class DataVersion {
    private long timestamp;
    private long counter;

    public DataVersion() {
    }

    public DataVersion(long timestamp, long counter) {
        this.timestamp = timestamp;
        this.counter = counter;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    public long getCounter() {
        return counter;
    }

    public void setCounter(long counter) {
        this.counter = counter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataVersion d && timestamp == d.timestamp && counter == d.counter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, counter);
    }

    @Override
    public String toString() {
        return "DataVersion[timestamp=" + timestamp + ", counter=" + counter + "]";
    }
}
