package io.ferrymq.remoting.protocol.body;

import java.util.ArrayList;
import java.util.List;

/** Body of REGISTER_BROKER in its plain JSON form. */
public class RegisterBrokerBody {
    private TopicConfigSerializeWrapper topicConfigSerializeWrapper = new TopicConfigSerializeWrapper();
    private List<String> filterServerList = new ArrayList<>();

    public TopicConfigSerializeWrapper getTopicConfigSerializeWrapper() {
        return topicConfigSerializeWrapper;
    }

    public void setTopicConfigSerializeWrapper(TopicConfigSerializeWrapper wrapper) {
        this.topicConfigSerializeWrapper = wrapper == null ? new TopicConfigSerializeWrapper() : wrapper;
    }

    public List<String> getFilterServerList() {
        return filterServerList;
    }

    public void setFilterServerList(List<String> filterServerList) {
        this.filterServerList = filterServerList == null ? new ArrayList<>() : filterServerList;
    }
}
