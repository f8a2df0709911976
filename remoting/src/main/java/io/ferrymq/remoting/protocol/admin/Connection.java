package io.ferrymq.remoting.protocol.admin;

import io.ferrymq.remoting.protocol.LanguageCode;
import java.util.Objects;

/** One client connection of a producer or consumer group (RocketMQ's {@code Connection}). */
public class Connection {
    private String clientId;
    private String clientAddr;
    private LanguageCode language;
    private int version;

    public Connection() {
    }

    public Connection(String clientId, String clientAddr, LanguageCode language, int version) {
        this.clientId = clientId;
        this.clientAddr = clientAddr;
        this.language = language;
        this.version = version;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientAddr() {
        return clientAddr;
    }

    public void setClientAddr(String clientAddr) {
        this.clientAddr = clientAddr;
    }

    public LanguageCode getLanguage() {
        return language;
    }

    public void setLanguage(LanguageCode language) {
        this.language = language;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Connection c && version == c.version && Objects.equals(clientId, c.clientId)
                && Objects.equals(clientAddr, c.clientAddr) && language == c.language;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, clientAddr, language, version);
    }
}
