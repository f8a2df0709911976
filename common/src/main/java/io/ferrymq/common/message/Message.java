package io.ferrymq.common.message;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as a producer builds it: topic, user flag, properties and body.
 *
 * <p>Properties keep insertion order, so that encoding is deterministic. Not thread-safe.
 */
public class Message {

    private String topic;
    private int flag;
    private LinkedHashMap<String, String> properties;
    private byte[] body;

    public Message() {
    }

    public Message(String topic, byte[] body) {
        this.topic = topic;
        this.body = body;
    }

    public Message(String topic, String tags, byte[] body) {
        this(topic, tags, null, body);
    }

    public Message(String topic, String tags, String keys, byte[] body) {
        this.topic = topic;
        this.body = body;
        if (tags != null && !tags.isEmpty()) {
            setTags(tags);
        }
        if (keys != null && !keys.isEmpty()) {
            setKeys(keys);
        }
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }

    /** Read-only view of the properties, in insertion order. */
    public Map<String, String> getProperties() {
        return properties == null ? Collections.emptyMap() : Collections.unmodifiableMap(properties);
    }

    /** Replaces all properties with a copy of {@code newProperties} (null values are dropped). */
    public void setProperties(Map<String, String> newProperties) {
        properties = null;
        if (newProperties != null) {
            for (Map.Entry<String, String> e : newProperties.entrySet()) {
                if (e.getValue() != null) {
                    putProperty(e.getKey(), e.getValue());
                }
            }
        }
    }

    /** Takes {@code decoded} as the property map without copying; for decoders whose maps are valid. */
    void adoptProperties(LinkedHashMap<String, String> decoded) {
        properties = decoded;
    }

    /**
     * Sets a property.
     *
     * @throws IllegalArgumentException for a null value, or a name or value that would corrupt the
     *     properties string (see {@link MessageProperties#encode})
     */
    public void putProperty(String name, String value) {
        MessageProperties.checkName(name);
        if (value == null) {
            throw new IllegalArgumentException("value of property '" + name + "' must not be null");
        }
        MessageProperties.checkValue(name, value);
        if (properties == null) {
            properties = new LinkedHashMap<>();
        }
        properties.put(name, value);
    }

    public String getProperty(String name) {
        return properties == null ? null : properties.get(name);
    }

    /** Removes a property and returns its old value, or null. */
    public String removeProperty(String name) {
        return properties == null ? null : properties.remove(name);
    }

    public String getTags() {
        return getProperty(MessageConst.TAGS);
    }

    public void setTags(String tags) {
        putProperty(MessageConst.TAGS, tags);
    }

    /** The keys as stored: space-separated. */
    public String getKeys() {
        return getProperty(MessageConst.KEYS);
    }

    public void setKeys(String keys) {
        putProperty(MessageConst.KEYS, keys);
    }

    /** Sets the keys, joined with a space. */
    public void setKeys(Collection<String> keys) {
        putProperty(MessageConst.KEYS, String.join(MessageConst.KEY_SEPARATOR, keys));
    }

    /** The client-generated unique id ({@code UNIQ_KEY}), or null. */
    public String getUniqKey() {
        return getProperty(MessageConst.UNIQ_KEY);
    }

    /**
     * The delay level, 0 when absent.
     *
     * @throws NumberFormatException when the property is not an integer
     */
    public int getDelayTimeLevel() {
        String level = getProperty(MessageConst.DELAY);
        return level == null ? 0 : Integer.parseInt(level);
    }

    public void setDelayTimeLevel(int level) {
        putProperty(MessageConst.DELAY, Integer.toString(level));
    }

    /** True unless the {@code WAIT} property says otherwise. */
    public boolean isWaitStoreMsgOK() {
        String wait = getProperty(MessageConst.WAIT);
        return wait == null || Boolean.parseBoolean(wait);
    }

    public void setWaitStoreMsgOK(boolean waitStoreMsgOK) {
        putProperty(MessageConst.WAIT, Boolean.toString(waitStoreMsgOK));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{topic=" + topic + ", flag=" + flag + ", properties="
                + getProperties() + ", bodyLength=" + (body == null ? 0 : body.length) + "}";
    }
}
